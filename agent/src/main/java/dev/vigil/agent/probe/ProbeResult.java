package dev.vigil.agent.probe;

import java.util.Objects;

/**
 * The raw outcome of one probe.
 *
 * @param detail human-readable reason, at most {@link #MAX_DETAIL} characters
 * @param resolvedIp the address actually probed, empty when none was resolved
 * @param statusCode the HTTP status when a status line was received, else 0
 * @param certificateNotAfterMillis the server certificate's notAfter (epoch ms), 0 when unknown
 */
public record ProbeResult(
    boolean healthy,
    FailureKind failure,
    String detail,
    String resolvedIp,
    int statusCode,
    Latency latency,
    long certificateNotAfterMillis) {

  public static final int MAX_DETAIL = 256;

  public ProbeResult {
    Objects.requireNonNull(failure, "failure");
    if (healthy != (failure == FailureKind.NONE)) {
      throw new IllegalArgumentException("healthy iff failure is NONE, got " + healthy + "/" + failure);
    }
    detail = truncate(detail == null ? "" : detail);
    resolvedIp = resolvedIp == null ? "" : resolvedIp;
    latency = latency == null ? Latency.NONE : latency;
  }

  public static ProbeResult healthy(String detail, String resolvedIp, int status, Latency latency, long notAfter) {
    return new ProbeResult(true, FailureKind.NONE, detail, resolvedIp, status, latency, notAfter);
  }

  public static ProbeResult failed(FailureKind kind, String detail, String resolvedIp, int status, Latency latency,
      long notAfter) {
    return new ProbeResult(false, kind, detail, resolvedIp, status, latency, notAfter);
  }

  public ProbeResult withLatency(Latency newLatency) {
    return new ProbeResult(healthy, failure, detail, resolvedIp, statusCode, newLatency, certificateNotAfterMillis);
  }

  private static String truncate(String s) {
    return s.length() <= MAX_DETAIL ? s : s.substring(0, MAX_DETAIL - 1) + "…";
  }
}
