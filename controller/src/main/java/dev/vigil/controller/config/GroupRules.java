package dev.vigil.controller.config;

import dev.vigil.controller.config.RecordSetReader.Entry;
import dev.vigil.controller.model.AllUnhealthy;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.controller.model.Routing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.xbill.DNS.Type;

/**
 * Route 53's rules across the record sets of one name and type: one routing policy; one simple record set; distinct
 * SetIdentifiers; one PRIMARY and one SECONDARY; one TTL per weighted group; one record set per latency region, per
 * geolocation and per CIDR location; one CIDR collection per group; and (native) one AllUnhealthy per group.
 */
final class GroupRules {

  private static final Set<String> NO_MULTIVALUE_TYPES = Set.of("CNAME", "NS", "SOA");

  private final Problems problems;

  GroupRules(Problems problems) {
    this.problems = problems;
  }

  void check(List<Entry> entries) {
    Map<String, List<Entry>> groups = new LinkedHashMap<>();
    for (Entry entry : entries) {
      groups.computeIfAbsent(entry.name() + " " + Type.string(entry.type()), k -> new ArrayList<>()).add(entry);
    }
    groups.forEach(this::checkGroup);
  }

  private void checkGroup(String key, List<Entry> group) {
    Entry first = group.getFirst();
    String policy = first.recordSet().policy();
    for (Entry entry : group.subList(1, group.size())) {
      String other = entry.recordSet().policy();
      if (!other.equals(policy)) {
        boolean firstSimple = policy.equals("simple");
        Entry reference = firstSimple || !other.equals("simple") ? first : entry;
        Entry reported = reference == first ? entry : first;
        String named = reference.recordSet().policy();
        problems.add(reported.path(), named + " and " + reported.recordSet().policy() + " records may not share "
            + key + " (" + named + ": " + shortPath(reference) + ")");
        return;
      }
    }
    if (policy.equals("simple")) {
      group.subList(1, group.size()).forEach(e -> problems.add(e.path(),
          "two simple records for " + key + " (also " + shortPath(first) + ")"));
      return;
    }
    unique(group, key, ".SetIdentifier", e -> e.recordSet().setIdentifier(),
        v -> "duplicate SetIdentifier '" + v + "' for " + key);
    switch (first.recordSet().routing()) {
      case Routing.None ignored -> unique(group, key, ".Failover", e -> e.recordSet().failover(),
          v -> "two " + v + " records for " + key);
      case Routing.Weighted ignored -> sameTtl(group, key);
      case Routing.Latency ignored -> unique(group, key, ".Region", e -> ((Routing.Latency) e.recordSet().routing())
          .region(), v -> "two record sets for region " + v + " at " + key);
      case Routing.Geo ignored -> unique(group, key, ".GeoLocation", e -> ((Routing.Geo) e.recordSet().routing())
          .location(), v -> "two record sets for location " + v + " at " + key);
      case Routing.Cidr ignored -> cidrGroup(group, key);
      case Routing.MultiValue ignored -> {
        if (NO_MULTIVALUE_TYPES.contains(first.recordSet().type())) {
          problems.add(first.path() + ".MultiValueAnswer", "not allowed for " + first.recordSet().type() + " records");
        }
      }
    }
    sameAllUnhealthy(group, key);
  }

  /** Native: AllUnhealthy is about the group, so every record set of it says the same. */
  private void sameAllUnhealthy(List<Entry> group, String key) {
    AllUnhealthy expected = group.getFirst().recordSet().allUnhealthy();
    for (Entry entry : group) {
      AllUnhealthy value = entry.recordSet().allUnhealthy();
      if (value != expected) {
        problems.add(entry.path() + ".AllUnhealthy", "every record set of " + key + " must have the same AllUnhealthy ("
            + shortPath(group.getFirst()) + " has " + expected.text() + ", this one " + value.text() + ")");
      }
    }
  }

  /** Reports each entry whose value an earlier entry has. */
  private <T> void unique(List<Entry> group, String key, String field, Function<Entry, T> value,
      Function<T, String> message) {
    Map<T, Entry> seen = new HashMap<>();
    for (Entry entry : group) {
      T v = value.apply(entry);
      Entry earlier = seen.putIfAbsent(v, entry);
      if (earlier != null) {
        problems.add(entry.path() + field, message.apply(v) + " (also " + shortPath(earlier) + ")");
      }
    }
  }

  /** Route 53: all the weighted record sets of a name and type have the same TTL (aliases have none). */
  private void sameTtl(List<Entry> group, String key) {
    Entry reference = null;
    for (Entry entry : group) {
      RecordSet set = entry.recordSet();
      if (set.isAlias()) {
        continue;
      }
      if (reference == null) {
        reference = entry;
      } else if (reference.recordSet().ttl() != set.ttl()) {
        problems.add(entry.path() + ".TTL", "weighted record sets of " + key + " must share one TTL ("
            + shortPath(reference) + " has " + reference.recordSet().ttl() + ", this one " + set.ttl() + ")");
      }
    }
  }

  private void cidrGroup(List<Entry> group, String key) {
    String collection = ((Routing.Cidr) group.getFirst().recordSet().routing()).collectionId();
    for (Entry entry : group) {
      Routing.Cidr cidr = (Routing.Cidr) entry.recordSet().routing();
      if (!cidr.collectionId().equals(collection)) {
        problems.add(entry.path() + ".CidrRoutingConfig.CollectionId", "every record set of " + key
            + " must use the same CIDR collection (" + shortPath(group.getFirst()) + " uses '" + collection + "')");
        return;
      }
    }
    unique(group, key, ".CidrRoutingConfig.LocationName",
        e -> ((Routing.Cidr) e.recordSet().routing()).locationName(),
        v -> "two record sets for CIDR location '" + v + "' at " + key);
  }

  static String shortPath(Entry entry) {
    return entry.path().substring(entry.path().lastIndexOf('.') + 1);
  }
}
