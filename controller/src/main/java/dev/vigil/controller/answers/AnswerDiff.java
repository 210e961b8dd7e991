package dev.vigil.controller.answers;

import dev.vigil.controller.routing.ClientTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;

/**
 * The change from one {@link AnswerSet} to the next, per RRset (records and TTL, or a selective RRset whole) and per
 * client map (always whole).
 *
 * @param changedZones zones that are new or have an RRset upserted or removed, sorted by origin
 * @param removedZones zones that no longer exist, sorted
 * @param clientMapUpserts client maps that are new or differ, sorted by name
 * @param removedClientMaps client maps that no longer exist, sorted
 */
public record AnswerDiff(List<ZoneChange> changedZones, List<Name> removedZones, List<ClientTable> clientMapUpserts,
    List<String> removedClientMaps) {

  public AnswerDiff {
    changedZones = List.copyOf(changedZones);
    removedZones = List.copyOf(removedZones);
    clientMapUpserts = List.copyOf(clientMapUpserts);
    removedClientMaps = List.copyOf(removedClientMaps);
  }

  public AnswerDiff(List<ZoneChange> changedZones, List<Name> removedZones) {
    this(changedZones, removedZones, List.of(), List.of());
  }

  public boolean isEmpty() {
    return changedZones.isEmpty() && removedZones.isEmpty() && clientMapUpserts.isEmpty()
        && removedClientMaps.isEmpty();
  }

  /** A new zone appears as a ZoneChange with all its RRsets as upserts. */
  public static AnswerDiff between(AnswerSet before, AnswerSet after) {
    List<ZoneChange> changed = new ArrayList<>();
    for (ZoneAnswers zone : after.zones().values()) {
      ZoneAnswers old = before.zones().get(zone.origin());
      ZoneChange change = zoneChange(old == null ? new ZoneAnswers(zone.origin(), Map.of()) : old, zone);
      if (old == null || !change.upserts().isEmpty() || !change.removals().isEmpty()
          || !change.selectiveUpserts().isEmpty()) {
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
    List<ClientTable> mapUpserts = new ArrayList<>();
    after.clientMaps().forEach((name, map) -> {
      if (!map.equals(before.clientMaps().get(name))) {
        mapUpserts.add(map);
      }
    });
    mapUpserts.sort(Comparator.comparing(ClientTable::name));
    List<String> mapRemovals = new ArrayList<>(before.clientMaps().keySet().stream()
        .filter(name -> !after.clientMaps().containsKey(name)).sorted().toList());
    return new AnswerDiff(changed, removed, mapUpserts, mapRemovals);
  }

  private static ZoneChange zoneChange(ZoneAnswers before, ZoneAnswers after) {
    List<AnswerRRset> upserts = new ArrayList<>();
    for (AnswerRRset rrset : after.rrsets().values()) {
      AnswerRRset old = before.rrsets().get(rrset.key());
      if (old == null || !old.sameAnswerAs(rrset)) {
        upserts.add(rrset);
      }
    }
    upserts.sort(Comparator.comparing(AnswerRRset::key));
    List<SelectiveRRset> selectiveUpserts = new ArrayList<>();
    for (SelectiveRRset rrset : after.selective().values()) {
      if (!rrset.equals(before.selective().get(rrset.key()))) {
        selectiveUpserts.add(rrset);
      }
    }
    selectiveUpserts.sort(Comparator.comparing(SelectiveRRset::key));
    List<RRsetKey> removals = new ArrayList<>();
    for (RRsetKey key : before.rrsets().keySet()) {
      if (!after.rrsets().containsKey(key) && !after.selective().containsKey(key)) {
        removals.add(key);
      }
    }
    for (RRsetKey key : before.selective().keySet()) {
      if (!after.rrsets().containsKey(key) && !after.selective().containsKey(key)) {
        removals.add(key);
      }
    }
    removals.sort(Comparator.naturalOrder());
    return new ZoneChange(after.origin(), upserts, removals, selectiveUpserts);
  }
}
