package dev.vigil.controller.answers;

import java.util.List;
import org.xbill.DNS.Name;

/**
 * What changed in one zone (new or existing).
 *
 * @param upserts RRsets that are new or differ (records or TTL), sorted by key
 * @param removals RRsets that no longer exist, sorted
 */
public record ZoneChange(Name origin, List<AnswerRRset> upserts, List<RRsetKey> removals) {

  public ZoneChange {
    upserts = List.copyOf(upserts);
    removals = List.copyOf(removals);
  }
}
