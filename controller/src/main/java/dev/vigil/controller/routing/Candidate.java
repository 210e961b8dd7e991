package dev.vigil.controller.routing;

import dev.vigil.controller.model.RecordSet;

/**
 * One record set of a group with its health as routing sees it.
 *
 * @param healthy after the group's all-unhealthy rule (Route 53 treats all as healthy when none is)
 * @param why how its health was decided, e.g. "health check web: unhealthy; alias target: healthy"
 */
public record Candidate(RecordSet recordSet, boolean healthy, String why) {

  Candidate treatedAsHealthy() {
    return new Candidate(recordSet, true, why + " (treated as healthy: every record set of the group is unhealthy)");
  }

  /** e.g. "weighted 'a'" or "simple". */
  public String label() {
    return recordSet.setIdentifier().isEmpty() ? recordSet.policy() : "'" + recordSet.setIdentifier() + "'";
  }
}
