package dev.vigil.controller.routing;

import dev.vigil.controller.model.Routing;
import java.util.List;

/**
 * Route 53 weighted routing: per query, a healthy record set in proportion to its Weight. Weight-0 record sets are
 * used, with equal probability, only when every non-zero one is unhealthy (or when every weight is 0).
 */
public final class WeightedPolicy implements RoutingPolicy {

  @Override
  public Selection select(List<Candidate> candidates, ClientTables tables) {
    List<Candidate> nonZero = candidates.stream().filter(c -> c.healthy() && weight(c) > 0).toList();
    if (!nonZero.isEmpty()) {
      List<Pick> picks = nonZero.stream().map(c -> Pick.of(c, weight(c))).toList();
      String rule = "weighted: " + nonZero.size() + " healthy record set(s) with non-zero weight, in proportion to"
          + " Weight" + (nonZero.size() < candidates.size() ? "; unhealthy and weight-0 record sets are left out" : "");
      return Selection.everyone(new Decision(picks, List.of(rule)), candidates);
    }
    List<Candidate> zero = candidates.stream().filter(Candidate::healthy).toList();
    List<Pick> picks = zero.stream().map(c -> Pick.of(c, 1)).toList();
    boolean anyNonZero = candidates.stream().anyMatch(c -> weight(c) > 0);
    String rule = anyNonZero
        ? "weighted: every record set with non-zero weight is unhealthy: the healthy weight-0 ones, equally"
        : "weighted: every weight is 0: the healthy record sets, equally";
    return Selection.everyone(new Decision(picks, List.of(rule)), candidates);
  }

  static int weight(Candidate candidate) {
    return ((Routing.Weighted) candidate.recordSet().routing()).weight();
  }
}
