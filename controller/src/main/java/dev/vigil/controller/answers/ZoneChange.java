package dev.vigil.controller.answers;

import java.util.List;
import org.xbill.DNS.Name;

/**
 * What changed in one zone (new or existing).
 *
 * @param upserts static RRsets that are new or differ (records or TTL), sorted by key
 * @param removals RRsets (static or selective) that no longer exist, sorted
 * @param selectiveUpserts selective RRsets that are new or differ, sorted by key; an upsert of one kind replaces
 *     the other
 */
public record ZoneChange(Name origin, List<AnswerRRset> upserts, List<RRsetKey> removals,
    List<SelectiveRRset> selectiveUpserts) {

  public ZoneChange {
    upserts = List.copyOf(upserts);
    removals = List.copyOf(removals);
    selectiveUpserts = List.copyOf(selectiveUpserts);
  }

  public ZoneChange(Name origin, List<AnswerRRset> upserts, List<RRsetKey> removals) {
    this(origin, upserts, removals, List.of());
  }
}
