package dev.vigil.controller.routing;

import java.util.List;

/**
 * One option of a decision: the record sets answered together (one, or up to 8 for multivalue) and its weight.
 *
 * @param weight > 0; options are picked per query in proportion to it
 */
public record Pick(List<Candidate> members, int weight) {

  public Pick {
    members = List.copyOf(members);
    if (weight <= 0 || members.isEmpty()) {
      throw new IllegalArgumentException("a pick needs members and a positive weight");
    }
  }

  static Pick of(Candidate candidate, int weight) {
    return new Pick(List.of(candidate), weight);
  }
}
