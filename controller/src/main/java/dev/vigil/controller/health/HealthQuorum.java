package dev.vigil.controller.health;

import dev.vigil.controller.model.HealthCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Route 53's aggregation over agents: healthy iff more than a fraction of the agents with fresh results
 * say healthy. The fraction is the check's HealthQuorum ({@code HealthyFractionAbove}): 18 % by default
 * (Route 53's rule), 0.5 for a majority. Native alternative {@code HealthyRegionsAtLeast: k}: healthy iff at
 * least min(k, n) regions are healthy, where n is the number of regions with at least one fresh agent and a
 * region is healthy when more than half of its fresh agents say healthy.
 *
 * <p>Agents whose latest result is older than 3 request intervals (stale) are not counted at all; the caller
 * leaves out agents that report themselves sick or are suspect ({@link AgentSuspicion#without}).
 */
public final class HealthQuorum {

  public static final double ROUTE53_HEALTHY_FRACTION = HealthCheck.ROUTE53_HEALTHY_FRACTION;

  /** How many request intervals an agent's latest result stays fresh. */
  static final int FRESH_INTERVALS = 3;

  private HealthQuorum() {}

  /** Health of a new check before any data: healthy, or unhealthy if Inverted (or as ColdStartHealthStatus says). */
  public static boolean initial(HealthCheck check) {
    return check.initiallyHealthy();
  }

  /**
   * Decides over the views with FRESH results (lastObservedAt at or after now - 3 × RequestInterval) whose
   * region is in {@code check.regions()} (every region when that is empty). No fresh view → keep
   * {@code currentlyHealthy}. Inverted flips the result. Disabled is always healthy, and Inverted flips that too
   * (Route 53: "to stop routing traffic to a resource, change the value of Inverted").
   */
  public static HealthDecision decide(
      HealthCheck check, Collection<AgentView> views, Instant now, boolean currentlyHealthy) {
    if (check.disabled()) {
      return disabled(check);
    }
    Instant freshSince = now.minus(Duration.ofSeconds((long) FRESH_INTERVALS * check.requestIntervalSeconds()));
    int fresh = 0;
    int healthyFresh = 0;
    Map<String, int[]> byRegion = new TreeMap<>(); // region → {healthy, fresh}
    for (AgentView view : views) {
      if (!view.checkId().equals(check.id())) {
        continue;
      }
      if (!check.regions().isEmpty() && !check.regions().contains(view.region())) {
        continue;
      }
      if (view.lastObservedAt().isBefore(freshSince)) {
        continue;
      }
      fresh++;
      int[] region = byRegion.computeIfAbsent(view.region(), r -> new int[2]);
      region[1]++;
      if (view.healthy()) {
        healthyFresh++;
        region[0]++;
      }
    }
    if (fresh == 0) {
      return new HealthDecision(
          currentlyHealthy, "no fresh results; keeping " + (currentlyHealthy ? "healthy" : "unhealthy"));
    }
    HealthDecision quorum = check.healthyRegionsAtLeast() > 0
        ? byRegions(check.healthyRegionsAtLeast(), byRegion)
        : byFraction(check.healthyFractionAbove(), healthyFresh, fresh);
    if (check.inverted()) {
      return new HealthDecision(!quorum.healthy(), "inverted: " + quorum.cause());
    }
    return quorum;
  }

  /**
   * Why {@code view} does not count for {@code check} at {@code now} by the quorum's own rules: its region is not
   * in the check's Regions, or its latest result is stale. Empty when it counts (as far as the quorum goes).
   */
  public static java.util.Optional<String> notCounted(HealthCheck check, AgentView view, Instant now) {
    if (!check.regions().isEmpty() && !check.regions().contains(view.region())) {
      return java.util.Optional.of("region: " + view.region() + " is not in Regions");
    }
    Duration window = Duration.ofSeconds((long) FRESH_INTERVALS * check.requestIntervalSeconds());
    if (view.lastObservedAt().isBefore(now.minus(window))) {
      return java.util.Optional.of("stale: last result " + Duration.between(view.lastObservedAt(), now).toSeconds()
          + " s ago (more than " + FRESH_INTERVALS + " x RequestInterval " + check.requestIntervalSeconds() + " s)");
    }
    return java.util.Optional.empty();
  }

  /** Route 53: a disabled check is healthy; Inverted still applies to that status. */
  public static HealthDecision disabled(HealthCheck check) {
    return check.inverted()
        ? new HealthDecision(false, "disabled and inverted: always unhealthy")
        : new HealthDecision(true, "disabled: always healthy");
  }

  private static HealthDecision byFraction(double above, int healthyFresh, int fresh) {
    double fraction = (double) healthyFresh / fresh;
    boolean quorumHealthy = fraction > above;
    String cause = healthyFresh + " of " + fresh + (fresh == 1 ? " agent" : " agents") + " healthy ("
        + percent(fraction, above) + (quorumHealthy ? " > " : " <= ") + percent(above, above) + ")";
    return new HealthDecision(quorumHealthy, cause);
  }

  /** A region is healthy when more than half of its fresh agents are; k is capped at the regions reporting. */
  private static HealthDecision byRegions(int atLeast, Map<String, int[]> byRegion) {
    int regions = byRegion.size();
    int healthyRegions = 0;
    for (int[] r : byRegion.values()) {
      if (r[0] * 2 > r[1]) {
        healthyRegions++;
      }
    }
    int needed = Math.min(atLeast, regions);
    boolean quorumHealthy = healthyRegions >= needed;
    String cause = healthyRegions + " of " + regions + (regions == 1 ? " region" : " regions") + " healthy ("
        + (quorumHealthy ? ">= " : "< ") + needed + (needed < atLeast ? ", HealthyRegionsAtLeast " + atLeast
        + " capped at the regions reporting" : "") + ")";
    return new HealthDecision(quorumHealthy, cause);
  }

  /** Whole percent, unless rounding would make it look equal to the boundary when it is not (or the boundary is fractional). */
  static String percent(double fraction, double boundary) {
    double percent = fraction * 100;
    long whole = Math.round(percent);
    boolean misleading = (whole == Math.round(boundary * 100) && Math.abs(fraction - boundary) > 1e-12)
        || Math.abs(percent - whole) > 1e-9 && fraction == boundary;
    return misleading ? String.format(Locale.ROOT, "%.1f%%", percent) : whole + "%";
  }
}
