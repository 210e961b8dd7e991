package dev.vigil.controller.routing;

import dev.vigil.controller.model.Failover;
import java.util.List;

/**
 * Route 53 failover routing: the PRIMARY while it is healthy, else a healthy SECONDARY (one without a health check
 * always is), else the PRIMARY; a group with one side answers with it.
 */
public final class FailoverPolicy implements RoutingPolicy {

  @Override
  public Selection select(List<Candidate> candidates, ClientTables tables) {
    Candidate primary = side(candidates, Failover.PRIMARY);
    Candidate secondary = side(candidates, Failover.SECONDARY);
    Decision decision;
    if (primary == null || secondary == null) {
      Candidate only = primary == null ? secondary : primary;
      decision = Decision.only(only, "failover: only the " + only.recordSet().failover() + " exists");
    } else if (primary.healthy()) {
      decision = Decision.only(primary, "failover: PRIMARY " + primary.label() + " is healthy");
    } else if (secondary.healthy()) {
      decision = Decision.only(secondary, "failover: PRIMARY " + primary.label() + " is unhealthy, SECONDARY "
          + secondary.label() + " is healthy");
    } else {
      decision = Decision.only(primary, "failover: both unhealthy: the PRIMARY");
    }
    return Selection.everyone(decision, candidates);
  }

  private static Candidate side(List<Candidate> candidates, Failover side) {
    Candidate found = null;
    for (Candidate c : candidates) {
      if (c.recordSet().failover() == side) {
        if (found != null) {
          throw new IllegalArgumentException("two " + side + " record sets for " + c.recordSet().name());
        }
        found = c;
      }
    }
    return found;
  }
}
