package dev.vigil.controller.routing;

import java.util.List;

/**
 * What one kind of client gets from one group: weighted options (none: no answer) and the rules that led there.
 *
 * @param rules in the order applied, e.g. "region eu-west-1 has no healthy record set: next best us-east-1"
 */
public record Decision(List<Pick> picks, List<String> rules) {

  public Decision {
    picks = List.copyOf(picks);
    rules = List.copyOf(rules);
  }

  static Decision none(String rule) {
    return new Decision(List.of(), List.of(rule));
  }

  static Decision only(Candidate candidate, String rule) {
    return new Decision(List.of(Pick.of(candidate, 1)), List.of(rule));
  }
}
