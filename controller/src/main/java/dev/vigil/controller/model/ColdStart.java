package dev.vigil.controller.model;

/**
 * The health of a new check before its first verdict (native {@code ColdStartHealthStatus}).
 * {@link #ROUTE53}: healthy, or unhealthy when Inverted (a Disabled check is always healthy).
 */
public enum ColdStart {
  ROUTE53,
  HEALTHY,
  UNHEALTHY
}
