package dev.vigil.controller.health;

import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HealthCheck;
import java.util.Map;
import java.util.Optional;

/**
 * Route 53's CALCULATED checks: healthy iff at least {@code HealthThreshold} of the {@code ChildHealthChecks}
 * are healthy. Threshold 0 is always healthy; a threshold above the number of children is always unhealthy.
 * A disabled child counts as healthy (invert it to count it unhealthy). Inverted flips the result; a disabled
 * calculated check is healthy (unhealthy if also inverted). Pure.
 */
public final class Calculated {

  private Calculated() {}

  /**
   * @param health the decided (reported) health of the children; a child without an entry is at its cold-start
   *     health
   */
  public static HealthDecision decide(HealthCheck check, DesiredState desired, Map<String, CheckHealth> health) {
    if (check.disabled()) {
      return HealthQuorum.disabled(check);
    }
    int healthy = 0;
    for (String childId : check.childHealthChecks()) {
      if (childHealthy(childId, desired, health)) {
        healthy++;
      }
    }
    int children = check.childHealthChecks().size();
    boolean result = healthy >= check.healthThreshold();
    String cause = healthy + " of " + children + (children == 1 ? " child" : " children") + " healthy ("
        + (result ? ">= " : "< ") + "HealthThreshold " + check.healthThreshold() + ")";
    if (check.inverted()) {
      return new HealthDecision(!result, "inverted: " + cause);
    }
    return new HealthDecision(result, cause);
  }

  private static boolean childHealthy(String childId, DesiredState desired, Map<String, CheckHealth> health) {
    Optional<HealthCheck> child = desired.healthCheck(childId);
    if (child.isEmpty()) {
      return false; // validation forbids it; a child that does not exist is not evidence of health
    }
    if (child.get().disabled()) {
      return !child.get().inverted();
    }
    CheckHealth h = health.get(childId);
    return h == null ? child.get().initiallyHealthy() : h.healthy();
  }
}
