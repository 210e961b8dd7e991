package dev.vigil.controller.health;

import dev.vigil.controller.model.HealthCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;

/**
 * Route 53's aggregation over agents: healthy iff more than a fraction of the agents with fresh results
 * say healthy. The fraction is the check's HealthQuorum ({@code HealthyFractionAbove}): 18 % by default
 * (Route 53's rule), 0.5 for a majority.
 */
public final class HealthQuorum {

  public static final double ROUTE53_HEALTHY_FRACTION = HealthCheck.ROUTE53_HEALTHY_FRACTION;

  /** How many request intervals an agent's latest result stays fresh. */
  static final int FRESH_INTERVALS = 3;

  private HealthQuorum() {}

  /** Health of a new check before any data: healthy, or unhealthy if Inverted; a Disabled check is healthy. */
  public static boolean initial(HealthCheck check) {
    return check.disabled() || !check.inverted();
  }

  /**
   * Decides over the views with FRESH results (lastObservedAt at or after now - 3 × RequestInterval) whose
   * region is in {@code check.regions()} (every region when that is empty). No fresh view → keep
   * {@code currentlyHealthy}. Inverted flips the result; Disabled is always healthy.
   */
  public static HealthDecision decide(
      HealthCheck check, Collection<AgentView> views, Instant now, boolean currentlyHealthy) {
    if (check.disabled()) {
      return new HealthDecision(true, "disabled: always healthy");
    }
    Instant freshSince = now.minus(Duration.ofSeconds((long) FRESH_INTERVALS * check.requestIntervalSeconds()));
    int fresh = 0;
    int healthyFresh = 0;
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
      if (view.healthy()) {
        healthyFresh++;
      }
    }
    if (fresh == 0) {
      return new HealthDecision(
          currentlyHealthy, "no fresh results; keeping " + (currentlyHealthy ? "healthy" : "unhealthy"));
    }
    double fraction = (double) healthyFresh / fresh;
    double above = check.healthyFractionAbove();
    boolean quorumHealthy = fraction > above;
    String cause = healthyFresh + " of " + fresh + (fresh == 1 ? " agent" : " agents") + " healthy ("
        + percent(fraction, above) + (quorumHealthy ? " > " : " <= ") + percent(above, above) + ")";
    if (check.inverted()) {
      return new HealthDecision(!quorumHealthy, "inverted: " + cause);
    }
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
