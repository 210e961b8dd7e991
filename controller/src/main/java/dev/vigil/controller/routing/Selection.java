package dev.vigil.controller.routing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A group's routing decision for every client: by the client's label in {@code clientMap}, else {@code fallback}.
 *
 * @param clientMap "" when every client gets {@code fallback}; else a {@link ClientTable} name
 * @param byLabel decisions for labels of the table; labels not listed get {@code fallback}
 * @param candidates every record set of the group with its health
 * @param rules rules that hold for the whole group, e.g. the all-unhealthy rule
 */
public record Selection(String clientMap, Map<Integer, Decision> byLabel, Decision fallback,
    List<Candidate> candidates, List<String> rules) {

  public Selection {
    byLabel = new TreeMap<>(byLabel);
    candidates = List.copyOf(candidates);
    rules = List.copyOf(rules);
  }

  static Selection everyone(Decision decision, List<Candidate> candidates) {
    return new Selection("", Map.of(), decision, candidates, List.of());
  }

  /** The decision for a client with {@code label} (null: not covered by the table). */
  public Decision forLabel(Integer label) {
    return label == null ? fallback : byLabel.getOrDefault(label, fallback);
  }

  Selection withRules(List<String> groupRules, List<Candidate> all) {
    return new Selection(clientMap, byLabel, fallback, all, groupRules);
  }
}
