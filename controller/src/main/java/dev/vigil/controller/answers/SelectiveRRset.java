package dev.vigil.controller.answers;

import dev.vigil.controller.routing.Content;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xbill.DNS.Name;

/**
 * One name and type whose answer depends on the query (feed SelectiveRRset): a dns-node looks the client up in
 * {@code clientMap} and picks one option of its choice at random in proportion to the weights.
 *
 * @param variants the distinct answers, records owned by {@code name}
 * @param clientMap "" when every client gets {@code fallback}
 * @param byLabel per label of the client map; labels not listed get {@code fallback}
 * @param fallback no options: no answer (NODATA)
 */
public record SelectiveRRset(Name name, int type, List<Content> variants, String clientMap,
    Map<Integer, List<Option>> byLabel, List<Option> fallback) {

  /** @param variant index into {@code variants}; @param weight > 0 */
  public record Option(int variant, long weight) {}

  public SelectiveRRset {
    variants = List.copyOf(variants);
    byLabel = new TreeMap<>(byLabel);
    byLabel.replaceAll((label, options) -> List.copyOf(options));
    fallback = List.copyOf(fallback);
  }

  public RRsetKey key() {
    return new RRsetKey(name, type);
  }

  /** The options of a client with {@code label} (null: not covered by the map). */
  public List<Option> choice(Integer label) {
    return label == null || clientMap.isEmpty() ? fallback : byLabel.getOrDefault(label, fallback);
  }
}
