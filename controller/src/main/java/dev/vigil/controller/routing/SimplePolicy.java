package dev.vigil.controller.routing;

import java.util.List;

/** Route 53 simple routing: the one record set, whatever its health. */
public final class SimplePolicy implements RoutingPolicy {

  @Override
  public Selection select(List<Candidate> candidates, ClientTables tables) {
    if (candidates.size() != 1) {
      throw new IllegalArgumentException("a simple group has one record set, got " + candidates.size());
    }
    return Selection.everyone(Decision.only(candidates.getFirst(), "simple routing: the only record set"), candidates);
  }
}
