package dev.vigil.controller.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Route 53 multivalue answer routing: up to {@value #MAX} healthy record sets per answer (when none is healthy, up
 * to {@value #MAX} of the unhealthy ones: the all-unhealthy rule has made them healthy). With more than {@value #MAX},
 * answers vary per query: one equally weighted rotation per record set, each the next {@value #MAX} in order.
 */
public final class MultiValuePolicy implements RoutingPolicy {

  static final int MAX = 8;

  @Override
  public Selection select(List<Candidate> candidates, ClientTables tables) {
    List<Candidate> healthy = candidates.stream().filter(Candidate::healthy)
        .sorted(Comparator.comparing(c -> c.recordSet().setIdentifier())).toList();
    if (healthy.size() <= MAX) {
      return Selection.everyone(new Decision(List.of(new Pick(healthy, 1)), List.of("multivalue: all "
          + healthy.size() + " healthy record set(s)")), candidates);
    }
    List<Pick> rotations = new ArrayList<>();
    for (int start = 0; start < healthy.size(); start++) {
      List<Candidate> window = new ArrayList<>();
      for (int i = 0; i < MAX; i++) {
        window.add(healthy.get((start + i) % healthy.size()));
      }
      rotations.add(new Pick(window, 1));
    }
    return Selection.everyone(new Decision(rotations, List.of("multivalue: " + healthy.size()
        + " healthy record sets: " + MAX + " per answer, " + healthy.size() + " equally likely rotations")), candidates);
  }
}
