package dev.vigil.controller.health;

import java.time.Instant;
import java.util.Objects;

/**
 * One probe result reported by one agent.
 *
 * @param detail why, e.g. "HTTP 503" or "connect timed out after 4s"
 * @param certificateNotAfter for HTTPS, the server certificate's notAfter; null when unknown
 */
public record ProbeObservation(
    String agentId, String region, String checkId, Instant observedAt, boolean healthy, String detail,
    Instant certificateNotAfter) {

  public ProbeObservation(
      String agentId, String region, String checkId, Instant observedAt, boolean healthy, String detail) {
    this(agentId, region, checkId, observedAt, healthy, detail, null);
  }

  public ProbeObservation {
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(checkId, "checkId");
    Objects.requireNonNull(observedAt, "observedAt");
    Objects.requireNonNull(detail, "detail");
  }
}
