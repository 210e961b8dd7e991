package dev.vigil.controller.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.controller.config.RecordSetReader.Entry;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.GeoLocation;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.controller.model.Routing;
import dev.vigil.controller.model.RoutingConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The config's record-set rules for other sources of record sets (the Route 53 admin API's change batches): one
 * parser and one set of rules for config files and the API.
 */
public final class RecordSets {

  private RecordSets() {}

  /** A record set, or every problem found in it. */
  public record Parsed(Optional<RecordSet> recordSet, List<ConfigProblem> problems) {}

  /**
   * Reads one {@code ResourceRecordSet} (Route 53 field names) on its own.
   *
   * @param path where it is, for problems, e.g. "Changes[0].ResourceRecordSet"
   * @param zone the hosted zone's name; relative names are relative to it
   * @param healthCheckIds the health checks it may name
   * @param tables the routing tables Region and CidrRoutingConfig must name entries of
   */
  public static Parsed parse(JsonNode node, String path, String zone, Set<String> healthCheckIds,
      RoutingConfig tables) {
    Problems problems = new Problems();
    Optional<Entry> entry = new RecordSetReader(problems, healthCheckIds, tables)
        .read(node, path, Name.fromConstantString(zone.endsWith(".") ? zone : zone + "."));
    return new Parsed(problems.isEmpty() ? entry.map(Entry::recordSet) : Optional.empty(), problems.list());
  }

  /**
   * The rules across record sets of a whole state (one policy per name and type, alias targets and cycles, CNAME
   * rules); problems are at "HostedZones[i].ResourceRecordSets[j]" of {@code state}.
   */
  public static List<ConfigProblem> check(DesiredState state) {
    Problems problems = new Problems();
    Map<Name, List<Entry>> zones = new LinkedHashMap<>();
    for (int i = 0; i < state.hostedZones().size(); i++) {
      HostedZone zone = state.hostedZones().get(i);
      List<Entry> entries = new ArrayList<>();
      for (int j = 0; j < zone.recordSets().size(); j++) {
        RecordSet set = zone.recordSets().get(j);
        entries.add(new Entry("HostedZones[" + i + "].ResourceRecordSets[" + j + "]", Name.fromConstantString(set.name()),
            Type.value(set.type()), set));
      }
      new GroupRules(problems).check(entries);
      zones.put(Name.fromConstantString(zone.name()), entries);
    }
    new AliasRules(problems).check(zones);
    return problems.list();
  }

  /**
   * The routing tables with the geolocation database's networks that the state's geolocation record sets need (read
   * again from {@link RoutingConfig#geoDatabase()}); call it after record sets changed.
   *
   * @throws IOException when the database cannot be read
   */
  public static RoutingConfig withGeoNetworks(DesiredState state) throws IOException {
    RoutingConfig tables = state.routing();
    Set<GeoLocation> used = new HashSet<>();
    state.hostedZones().forEach(z -> z.recordSets().forEach(r -> {
      if (r.routing() instanceof Routing.Geo geo) {
        used.add(geo.location());
      }
    }));
    if (tables.geoDatabase().isEmpty()) {
      return tables;
    }
    return new RoutingConfig(tables.latencyRegions(), tables.cidrCollections(), tables.geoDatabase(),
        GeoDatabase.networks(Path.of(tables.geoDatabase()), used));
  }
}
