package dev.vigil.controller.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.controller.config.RecordSetReader.Entry;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.controller.model.RoutingConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Reads and validates {@code HostedZones}, including the rules across record sets of one zone. */
final class ZoneReader {

  private static final List<String> FIELDS = List.of("Name", "ResourceRecordSets", "ZoneFile");

  private final Problems problems;
  private final RecordSetReader recordSets;
  private final ZoneFileReader zoneFiles;
  private final Map<Name, String> pathByZone = new HashMap<>();
  private final Map<Name, List<Entry>> read = new LinkedHashMap<>();

  ZoneReader(Problems problems, Set<String> healthCheckIds) {
    this(problems, healthCheckIds, java.nio.file.Path.of(""));
  }

  /** @param baseDir where relative {@code ZoneFile} paths start (the configuration file's folder) */
  ZoneReader(Problems problems, Set<String> healthCheckIds, java.nio.file.Path baseDir) {
    this(problems, healthCheckIds, baseDir, RoutingConfig.EMPTY);
  }

  /** @param tables the routing tables record sets may name (latency regions, CIDR collections) */
  ZoneReader(Problems problems, Set<String> healthCheckIds, java.nio.file.Path baseDir, RoutingConfig tables) {
    this.problems = problems;
    this.recordSets = new RecordSetReader(problems, healthCheckIds, tables);
    this.zoneFiles = new ZoneFileReader(problems, baseDir);
  }

  /** The valid record sets of every zone read so far, by origin, with their paths (for rules across zones). */
  Map<Name, List<Entry>> entries() {
    return read;
  }

  List<HostedZone> read(List<JsonNode> items) {
    List<HostedZone> zones = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      Mapping.of(items.get(i), "HostedZones[" + i + "]", problems).flatMap(this::zone).ifPresent(zones::add);
    }
    return zones;
  }

  private Optional<HostedZone> zone(Mapping zone) {
    zone.allowOnly(FIELDS, Set.of());
    Optional<Name> origin = zone.string("Name", true).flatMap(text -> origin(text, zone.path("Name")));
    List<JsonNode> items = zone.list("ResourceRecordSets", false).orElse(List.of());
    // Without a valid origin the record sets are still checked one by one, as if in the root zone.
    Name base = origin.orElse(Name.root);
    List<Entry> entries = new ArrayList<>();
    for (int j = 0; j < items.size(); j++) {
      String path = zone.path("ResourceRecordSets") + "[" + j + "]";
      recordSets.read(items.get(j), path, base).ifPresent(entries::add);
    }
    if (origin.isEmpty()) {
      return Optional.empty();
    }
    zone.string("ZoneFile", false)
        .ifPresent(file -> entries.addAll(zoneFiles.read(file, zone.path("ZoneFile"), origin.get())));
    new GroupRules(problems).check(entries);
    read.put(origin.get(), List.copyOf(entries));
    checkNames(entries, origin.get());
    List<RecordSet> sets = entries.stream().map(Entry::recordSet).toList();
    return Optional.of(new HostedZone(origin.get().toString(), sets));
  }

  private Optional<Name> origin(String text, String path) {
    if (text.isEmpty()) {
      problems.add(path, "must not be empty");
      return Optional.empty();
    }
    Name origin;
    try {
      origin = Name.fromString(text, Name.root).canonicalize();
    } catch (TextParseException e) {
      problems.add(path, "not a valid DNS name: " + e.getMessage());
      return Optional.empty();
    }
    String earlier = pathByZone.putIfAbsent(origin, path);
    if (earlier != null) {
      problems.add(path, "duplicate zone " + origin + " (also " + earlier + ")");
    }
    return Optional.of(origin);
  }

  /** The rules across the record sets of one zone, for a zone edited through the admin API ({@link ApiInput}). */
  void checkRecordSets(List<Entry> entries, Name origin) {
    new GroupRules(problems).check(entries);
    checkNames(entries, origin);
  }

  /** CNAME alone at its name and never at the apex; SOA only at the apex. */
  private void checkNames(List<Entry> entries, Name origin) {
    Map<Name, Entry> otherTypeAt = new HashMap<>();
    for (Entry entry : entries) {
      if (entry.type() != Type.CNAME) {
        otherTypeAt.putIfAbsent(entry.name(), entry);
      }
    }
    for (Entry entry : entries) {
      boolean apex = entry.name().equals(origin);
      if (entry.type() == Type.CNAME && apex) {
        problems.add(entry.path() + ".Type", "CNAME not allowed at the zone apex " + origin);
      } else if (entry.type() == Type.CNAME && otherTypeAt.containsKey(entry.name())) {
        Entry other = otherTypeAt.get(entry.name());
        problems.add(entry.path() + ".Type", "CNAME may not coexist with other types at " + entry.name()
            + " (" + Type.string(other.type()) + " at " + shortPath(other) + ")");
      } else if (entry.type() == Type.SOA && !apex) {
        problems.add(entry.path() + ".Type", "SOA only at the zone apex " + origin + ", not at " + entry.name());
      }
    }
  }

  private static String shortPath(Entry entry) {
    return entry.path().substring(entry.path().lastIndexOf('.') + 1);
  }
}
