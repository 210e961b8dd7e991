package dev.vigil.controller.routing;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A group's answers with alias records replaced by their targets' answers.
 *
 * @param clientMap "" when every client gets {@code fallback}
 * @param byLabel per label of the client table; labels not listed get {@code fallback}; an empty list is no answer
 */
public record Resolved(String clientMap, Map<Integer, List<Outcome>> byLabel, List<Outcome> fallback) {

  public Resolved {
    byLabel = new TreeMap<>(byLabel);
    fallback = List.copyOf(fallback);
  }

  /** @param label null for a client the table does not cover */
  public List<Outcome> at(Integer label) {
    return label == null || clientMap.isEmpty() ? fallback : byLabel.getOrDefault(label, fallback);
  }
}
