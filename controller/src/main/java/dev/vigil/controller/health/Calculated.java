package dev.vigil.controller.health;

import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HealthCheck;
import java.util.Map;

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
    Map<String, HealthCheck> byId = new java.util.HashMap<>();
    for (String childId : check.childHealthChecks()) {
      desired.healthCheck(childId).ifPresent(c -> byId.put(childId, c));
    }
    return decide(check, byId, health);
  }

  /** @param checksById at least the children, by id (a map built once for many calculated checks) */
  public static HealthDecision decide(HealthCheck check, Map<String, HealthCheck> checksById,
      Map<String, CheckHealth> health) {
    if (check.disabled()) {
      return HealthQuorum.disabled(check);
    }
    int healthy = 0;
    for (String childId : check.childHealthChecks()) {
      if (childHealthy(childId, checksById, health)) {
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

  private static boolean childHealthy(String childId, Map<String, HealthCheck> checksById,
      Map<String, CheckHealth> health) {
    HealthCheck child = checksById.get(childId);
    if (child == null) {
      return false; // validation forbids it; a child that does not exist is not evidence of health
    }
    if (child.disabled()) {
      return !child.inverted();
    }
    CheckHealth h = health.get(childId);
    return h == null ? child.initiallyHealthy() : h.healthy();
  }
}
