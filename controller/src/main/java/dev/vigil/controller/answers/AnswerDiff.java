package dev.vigil.controller.answers;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * The change from one {@link AnswerSet} to the next, per RRset (records and TTL).
 *
 * @param changedZones zones that are new or have an RRset upserted or removed, sorted by origin
 * @param removedZones zones that no longer exist, sorted
 */
public record AnswerDiff(List<ZoneChange> changedZones, List<Name> removedZones) {

  public AnswerDiff {
    changedZones = List.copyOf(changedZones);
    removedZones = List.copyOf(removedZones);
  }

  public boolean isEmpty() {
    return changedZones.isEmpty() && removedZones.isEmpty();
  }

  /** A new zone appears as a ZoneChange with all its RRsets as upserts. */
  public static AnswerDiff between(AnswerSet before, AnswerSet after) {
    List<ZoneChange> changed = new ArrayList<>();
    for (ZoneAnswers zone : after.zones().values()) {
      ZoneAnswers old = before.zones().get(zone.origin());
      ZoneChange change = zoneChange(old == null ? Map.of() : old.rrsets(), zone);
      if (old == null || !change.upserts().isEmpty() || !change.removals().isEmpty()) {
        changed.add(change);
      }
    }
    changed.sort(Comparator.comparing(ZoneChange::origin));
    List<Name> removed = new ArrayList<>();
    for (Name origin : before.zones().keySet()) {
      if (!after.zones().containsKey(origin)) {
        removed.add(origin);
      }
    }
    removed.sort(Comparator.naturalOrder());
    return new AnswerDiff(changed, removed);
  }

  private static ZoneChange zoneChange(Map<RRsetKey, AnswerRRset> before, ZoneAnswers after) {
    List<AnswerRRset> upserts = new ArrayList<>();
    for (AnswerRRset rrset : after.rrsets().values()) {
      AnswerRRset old = before.get(rrset.key());
      if (old == null || !old.sameAnswerAs(rrset)) {
        upserts.add(rrset);
      }
    }
    upserts.sort(Comparator.comparing(AnswerRRset::key));
    List<RRsetKey> removals = new ArrayList<>();
    for (RRsetKey key : before.keySet()) {
      if (!after.rrsets().containsKey(key)) {
        removals.add(key);
      }
    }
    removals.sort(Comparator.naturalOrder());
    return new ZoneChange(after.origin(), upserts, removals);
  }
}
