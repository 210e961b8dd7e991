package dev.vigil.controller.routing;

import dev.vigil.controller.model.Cidr;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Longest-prefix match from a client address to a label, as a dns-node does it (feed ClientMap).
 *
 * @param name e.g. "latency", "geo", "cidr/offices"
 * @param labels label index → name, e.g. "eu-west-1", "EU/DE/BY"
 * @param prefixes sorted, may nest
 */
public record ClientTable(String name, List<String> labels, List<Prefix> prefixes) {

  public record Prefix(Cidr cidr, int label) {}

  /** @param prefixLength of the matched prefix: the ECS scope of the answer */
  public record Match(int label, int prefixLength) {}

  public ClientTable {
    labels = List.copyOf(labels);
    prefixes = prefixes.stream().sorted(Comparator.comparing(Prefix::cidr)).toList();
  }

  public Optional<Match> lookup(byte[] address) {
    Prefix best = null;
    for (Prefix prefix : prefixes) {
      if (prefix.cidr().contains(address) && (best == null || prefix.cidr().prefixLength() > best.cidr().prefixLength())) {
        best = prefix;
      }
    }
    return Optional.ofNullable(best).map(p -> new Match(p.label(), p.cidr().prefixLength()));
  }

  /** Index of {@code label}, or -1. */
  public int indexOf(String label) {
    return labels.indexOf(label);
  }
}
