package dev.vigil.controller.model;

import java.util.List;

/**
 * One health check, as Route 53's {@code HealthCheckConfig}, with every default already applied.
 *
 * @param id our name for it; record sets refer to it with {@code HealthCheckId}
 * @param ipAddress IPv4 or IPv6 literal, or empty when {@code fullyQualifiedDomainName} is probed
 * @param fullyQualifiedDomainName Host header / SNI, resolved when {@code ipAddress} is empty; may be empty
 * @param port 1-65535
 * @param resourcePath path and query for HTTP types, "/" by default; empty for TCP
 * @param searchString for *_STR_MATCH types, else empty
 * @param requestIntervalSeconds at least 1 (Route 53 allows 10 or 30)
 * @param failureThreshold consecutive results that flip one agent's view, 1-10
 * @param regions agent regions that probe it; empty means every region
 * @param verifyCertificate native extension: HTTPS probes validate the certificate (Route 53 never does)
 * @param healthyFractionAbove HealthQuorum: healthy iff more than this fraction of the agents with fresh
 *     results say healthy; in [0, 1); Route 53's rule is 0.18, a majority is 0.5
 */
public record HealthCheck(
    String id,
    CheckType type,
    String ipAddress,
    String fullyQualifiedDomainName,
    int port,
    String resourcePath,
    String searchString,
    int requestIntervalSeconds,
    int failureThreshold,
    boolean measureLatency,
    boolean inverted,
    boolean disabled,
    boolean enableSni,
    List<String> regions,
    boolean verifyCertificate,
    double healthyFractionAbove) {

  public static final int DEFAULT_FAILURE_THRESHOLD = 3;
  public static final int DEFAULT_REQUEST_INTERVAL_SECONDS = 30;
  public static final double ROUTE53_HEALTHY_FRACTION = 0.18;

  public HealthCheck {
    regions = List.copyOf(regions);
    if (!(healthyFractionAbove >= 0 && healthyFractionAbove < 1)) {
      throw new IllegalArgumentException("healthyFractionAbove must be in [0, 1), got " + healthyFractionAbove);
    }
  }

  /** A check with Route 53's behaviour for our extensions: no certificate validation, the 18 % quorum. */
  public HealthCheck(String id, CheckType type, String ipAddress, String fullyQualifiedDomainName, int port,
      String resourcePath, String searchString, int requestIntervalSeconds, int failureThreshold,
      boolean measureLatency, boolean inverted, boolean disabled, boolean enableSni, List<String> regions) {
    this(id, type, ipAddress, fullyQualifiedDomainName, port, resourcePath, searchString, requestIntervalSeconds,
        failureThreshold, measureLatency, inverted, disabled, enableSni, regions, false, ROUTE53_HEALTHY_FRACTION);
  }

  public HealthCheck withHealthyFractionAbove(double fraction) {
    return new HealthCheck(id, type, ipAddress, fullyQualifiedDomainName, port, resourcePath, searchString,
        requestIntervalSeconds, failureThreshold, measureLatency, inverted, disabled, enableSni, regions,
        verifyCertificate, fraction);
  }

  public HealthCheck withVerifyCertificate(boolean verify) {
    return new HealthCheck(id, type, ipAddress, fullyQualifiedDomainName, port, resourcePath, searchString,
        requestIntervalSeconds, failureThreshold, measureLatency, inverted, disabled, enableSni, regions,
        verify, healthyFractionAbove);
  }
}
