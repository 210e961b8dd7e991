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
 * @param healthyThreshold native: consecutive healthy results that flip one agent's unhealthy view to healthy
 *     (rise); Route 53 uses failureThreshold both ways
 * @param unhealthyThreshold native: consecutive unhealthy results that flip one agent's healthy view (fall)
 * @param healthyRegionsAtLeast native HealthQuorum {@code HealthyRegionsAtLeast: k}: healthy iff at least
 *     min(k, n) regions are healthy, n being the regions with fresh, counted agents; 0 = use the fraction
 * @param childHealthChecks CALCULATED only: the children's ids
 * @param healthThreshold CALCULATED only: healthy iff at least this many children are healthy
 * @param coldStart the health before the first verdict
 * @param flapDamping native: decaying flap penalty; {@link FlapDamping#OFF} in Route 53 mode
 * @param failbackHoldDownSeconds native: an unhealthy check turns healthy only after its verdict has been
 *     healthy this long without a break; 0 = at once (Route 53)
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
    double healthyFractionAbove,
    int healthyThreshold,
    int unhealthyThreshold,
    int healthyRegionsAtLeast,
    List<String> childHealthChecks,
    int healthThreshold,
    ColdStart coldStart,
    FlapDamping flapDamping,
    int failbackHoldDownSeconds) {

  public static final int DEFAULT_FAILURE_THRESHOLD = 3;
  public static final int DEFAULT_REQUEST_INTERVAL_SECONDS = 30;
  public static final double ROUTE53_HEALTHY_FRACTION = 0.18;

  public HealthCheck {
    regions = List.copyOf(regions);
    childHealthChecks = List.copyOf(childHealthChecks);
    coldStart = coldStart == null ? ColdStart.ROUTE53 : coldStart;
    flapDamping = flapDamping == null ? FlapDamping.OFF : flapDamping;
    if (healthyThreshold < 1 || unhealthyThreshold < 1) {
      throw new IllegalArgumentException("healthyThreshold and unhealthyThreshold must be at least 1, got "
          + healthyThreshold + " and " + unhealthyThreshold);
    }
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

  /** A check with Route 53's rules for every native health extension (thresholds both ways, no damping...). */
  public HealthCheck(String id, CheckType type, String ipAddress, String fullyQualifiedDomainName, int port,
      String resourcePath, String searchString, int requestIntervalSeconds, int failureThreshold,
      boolean measureLatency, boolean inverted, boolean disabled, boolean enableSni, List<String> regions,
      boolean verifyCertificate, double healthyFractionAbove) {
    this(id, type, ipAddress, fullyQualifiedDomainName, port, resourcePath, searchString, requestIntervalSeconds,
        failureThreshold, measureLatency, inverted, disabled, enableSni, regions, verifyCertificate,
        healthyFractionAbove, Math.max(1, failureThreshold), Math.max(1, failureThreshold), 0, List.of(), 0,
        ColdStart.ROUTE53, FlapDamping.OFF, 0);
  }

  /** A CALCULATED check (Route 53): healthy iff at least {@code healthThreshold} of the children are healthy. */
  public static HealthCheck calculated(String id, List<String> children, int healthThreshold) {
    return new HealthCheck(id, CheckType.CALCULATED, "", "", 0, "", "", DEFAULT_REQUEST_INTERVAL_SECONDS,
        DEFAULT_FAILURE_THRESHOLD, false, false, false, false, List.of(), false, ROUTE53_HEALTHY_FRACTION,
        DEFAULT_FAILURE_THRESHOLD, DEFAULT_FAILURE_THRESHOLD, 0, children, healthThreshold, ColdStart.ROUTE53,
        FlapDamping.OFF, 0);
  }

  /**
   * The health of this check before its first verdict: Route 53's unless {@code coldStart} says otherwise. A
   * Disabled check is healthy, unhealthy if also Inverted (Route 53: Disabled is healthy, Inverted flips it).
   */
  public boolean initiallyHealthy() {
    if (disabled) {
      return !inverted;
    }
    return switch (coldStart) {
      case ROUTE53 -> !inverted;
      case HEALTHY -> true;
      case UNHEALTHY -> false;
    };
  }

  /** Whether the native rules that need replicated memory (damping, hold-down) apply. */
  public boolean damped() {
    return !disabled && (flapDamping.enabled() || failbackHoldDownSeconds > 0);
  }

  public HealthCheck withHealthyFractionAbove(double fraction) {
    return new HealthCheck(id, type, ipAddress, fullyQualifiedDomainName, port, resourcePath, searchString,
        requestIntervalSeconds, failureThreshold, measureLatency, inverted, disabled, enableSni, regions,
        verifyCertificate, fraction, healthyThreshold, unhealthyThreshold, healthyRegionsAtLeast, childHealthChecks,
        healthThreshold, coldStart, flapDamping, failbackHoldDownSeconds);
  }

  public HealthCheck withVerifyCertificate(boolean verify) {
    return new HealthCheck(id, type, ipAddress, fullyQualifiedDomainName, port, resourcePath, searchString,
        requestIntervalSeconds, failureThreshold, measureLatency, inverted, disabled, enableSni, regions,
        verify, healthyFractionAbove, healthyThreshold, unhealthyThreshold, healthyRegionsAtLeast, childHealthChecks,
        healthThreshold, coldStart, flapDamping, failbackHoldDownSeconds);
  }

  /** Separate rise ({@code healthy}) and fall ({@code unhealthy}) thresholds per agent. */
  public HealthCheck withThresholds(int healthy, int unhealthy) {
    return new HealthCheck(id, type, ipAddress, fullyQualifiedDomainName, port, resourcePath, searchString,
        requestIntervalSeconds, failureThreshold, measureLatency, inverted, disabled, enableSni, regions,
        verifyCertificate, healthyFractionAbove, healthy, unhealthy, healthyRegionsAtLeast, childHealthChecks,
        healthThreshold, coldStart, flapDamping, failbackHoldDownSeconds);
  }

  public HealthCheck withHealthyRegionsAtLeast(int k) {
    return new HealthCheck(id, type, ipAddress, fullyQualifiedDomainName, port, resourcePath, searchString,
        requestIntervalSeconds, failureThreshold, measureLatency, inverted, disabled, enableSni, regions,
        verifyCertificate, healthyFractionAbove, healthyThreshold, unhealthyThreshold, k, childHealthChecks,
        healthThreshold, coldStart, flapDamping, failbackHoldDownSeconds);
  }

  public HealthCheck withFlags(boolean inverted, boolean disabled, ColdStart coldStart) {
    return new HealthCheck(id, type, ipAddress, fullyQualifiedDomainName, port, resourcePath, searchString,
        requestIntervalSeconds, failureThreshold, measureLatency, inverted, disabled, enableSni, regions,
        verifyCertificate, healthyFractionAbove, healthyThreshold, unhealthyThreshold, healthyRegionsAtLeast,
        childHealthChecks, healthThreshold, coldStart, flapDamping, failbackHoldDownSeconds);
  }

  public HealthCheck withDamping(FlapDamping damping, int holdDownSeconds) {
    return new HealthCheck(id, type, ipAddress, fullyQualifiedDomainName, port, resourcePath, searchString,
        requestIntervalSeconds, failureThreshold, measureLatency, inverted, disabled, enableSni, regions,
        verifyCertificate, healthyFractionAbove, healthyThreshold, unhealthyThreshold, healthyRegionsAtLeast,
        childHealthChecks, healthThreshold, coldStart, damping, holdDownSeconds);
  }
}
