package dev.vigil.controller.config;

import dev.vigil.controller.config.RecordSetReader.Entry;
import dev.vigil.controller.model.AliasTarget;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.controller.model.Routing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.xbill.DNS.Name;

/**
 * Rules for alias record sets across every zone: the target zone and the target record sets (same name and type)
 * exist; alias chains have no cycle; and one alias tree looks clients up in at most one client table (latency,
 * geolocation or one CIDR collection), because a dns-node answers from one table per name and type.
 */
final class AliasRules {

  private final Problems problems;

  AliasRules(Problems problems) {
    this.problems = problems;
  }

  /** A group: zone origin, owner name and type, e.g. "example.test. www.example.test. A". */
  static String groupKey(String zone, String name, String type) {
    return zone + " " + name + " " + type;
  }

  void check(Map<Name, List<Entry>> zones) {
    Map<String, List<Entry>> groups = new LinkedHashMap<>();
    zones.forEach((origin, entries) -> entries.forEach(e -> groups.computeIfAbsent(
        groupKey(origin.toString(), e.recordSet().name(), e.recordSet().type()), k -> new ArrayList<>()).add(e)));
    Map<String, List<String>> edges = new HashMap<>();
    boolean broken = false;
    for (var group : groups.entrySet()) {
      for (Entry entry : group.getValue()) {
        if (!entry.recordSet().isAlias()) {
          continue;
        }
        AliasTarget target = entry.recordSet().aliasTarget().orElseThrow();
        String targetKey = groupKey(target.hostedZoneId(), target.dnsName(), entry.recordSet().type());
        if (zones.keySet().stream().noneMatch(z -> z.toString().equals(target.hostedZoneId()))) {
          problems.add(entry.path() + ".AliasTarget.HostedZoneId", "no hosted zone " + target.hostedZoneId());
          broken = true;
        } else if (!groups.containsKey(targetKey)) {
          problems.add(entry.path() + ".AliasTarget.DNSName", "the alias target " + target.dnsName() + " "
              + entry.recordSet().type() + " does not exist in zone " + target.hostedZoneId());
          broken = true;
        } else {
          edges.computeIfAbsent(group.getKey(), k -> new ArrayList<>()).add(targetKey);
        }
      }
    }
    if (broken) {
      return;
    }
    Map<String, Set<String>> tables = new HashMap<>();
    for (var group : groups.entrySet()) {
      Set<String> found = tables(group.getKey(), groups, edges, tables, new HashSet<>());
      if (found == null) {
        Entry alias = group.getValue().stream().filter(e -> e.recordSet().isAlias()).findFirst().orElseThrow();
        problems.add(alias.path() + ".AliasTarget", "alias records form a cycle through "
            + alias.recordSet().name() + " " + alias.recordSet().type());
        return;
      }
      if (found.size() > 1) {
        Entry alias = group.getValue().stream().filter(e -> e.recordSet().isAlias()).findFirst()
            .orElse(group.getValue().getFirst());
        problems.add(alias.path() + ".AliasTarget", "this alias tree routes by " + String.join(" and ", found)
            + "; a name routes by one client table only (latency, geolocation or one CIDR collection)");
      }
    }
  }

  /** The client tables a group's tree uses; null on a cycle. */
  private static Set<String> tables(String key, Map<String, List<Entry>> groups, Map<String, List<String>> edges,
      Map<String, Set<String>> memo, Set<String> visiting) {
    if (memo.containsKey(key)) {
      return memo.get(key);
    }
    if (!visiting.add(key)) {
      return null;
    }
    Set<String> found = new TreeSet<>();
    for (Entry entry : groups.get(key)) {
      String own = table(entry.recordSet());
      if (own != null) {
        found.add(own);
      }
    }
    for (String target : edges.getOrDefault(key, List.of())) {
      Set<String> below = tables(target, groups, edges, memo, visiting);
      if (below == null) {
        return null;
      }
      found.addAll(below);
    }
    visiting.remove(key);
    memo.put(key, found);
    return found;
  }

  /** The client table a record set looks clients up in, or null. */
  static String table(RecordSet recordSet) {
    return switch (recordSet.routing()) {
      case Routing.Latency ignored -> "latency";
      case Routing.Geo ignored -> "geolocation";
      case Routing.Cidr c -> "CIDR collection " + c.collectionId();
      default -> null;
    };
  }
}
