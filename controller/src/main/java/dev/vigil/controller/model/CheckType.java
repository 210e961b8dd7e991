package dev.vigil.controller.model;

/** Route 53's {@code HealthCheckConfig.Type} values we support: the ones agents probe, and CALCULATED. */
public enum CheckType {
  HTTP(false, false),
  HTTPS(true, false),
  HTTP_STR_MATCH(false, true),
  HTTPS_STR_MATCH(true, true),
  TCP(false, false),
  /** Healthy iff at least HealthThreshold of its ChildHealthChecks are; not probed, never assigned to agents. */
  CALCULATED(false, false);

  private final boolean tls;
  private final boolean stringMatch;

  CheckType(boolean tls, boolean stringMatch) {
    this.tls = tls;
    this.stringMatch = stringMatch;
  }

  public boolean tls() {
    return tls;
  }

  public boolean stringMatch() {
    return stringMatch;
  }

  public boolean http() {
    return this != TCP && this != CALCULATED;
  }

  /** Whether agents probe it (every type but CALCULATED). */
  public boolean probed() {
    return this != CALCULATED;
  }

  public int defaultPort() {
    return tls ? 443 : 80;
  }
}
