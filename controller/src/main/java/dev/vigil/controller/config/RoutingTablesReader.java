package dev.vigil.controller.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.controller.model.Cidr;
import dev.vigil.controller.model.RoutingConfig;
import dev.vigil.controller.model.RoutingConfig.CidrCollection;
import dev.vigil.controller.model.RoutingConfig.CidrLocation;
import dev.vigil.controller.model.RoutingConfig.LatencyRegion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the native top-level routing tables: {@code LatencyRegions}, {@code CidrCollections} (Route 53's shape) and
 * {@code GeoLocationDatabase}. The database's networks are read later, once the record sets say which locations matter.
 */
final class RoutingTablesReader {

  static final List<String> FIELDS = List.of("LatencyRegions", "CidrCollections", "GeoLocationDatabase");

  private final Problems problems;
  private final Path baseDir;

  RoutingTablesReader(Problems problems, Path baseDir) {
    this.problems = problems;
    this.baseDir = baseDir;
  }

  /** The tables, without geo networks; the database path is resolved against the base directory. */
  RoutingConfig read(Mapping top) {
    List<LatencyRegion> regions = new ArrayList<>();
    List<JsonNode> regionItems = top.list("LatencyRegions", false).orElse(List.of());
    for (int i = 0; i < regionItems.size(); i++) {
      Mapping.of(regionItems.get(i), "LatencyRegions[" + i + "]", problems).flatMap(this::region).ifPresent(regions::add);
    }
    checkNextBest(regions, regionItems.size());
    List<CidrCollection> collections = new ArrayList<>();
    List<JsonNode> collectionItems = top.list("CidrCollections", false).orElse(List.of());
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < collectionItems.size(); i++) {
      String path = "CidrCollections[" + i + "]";
      Mapping.of(collectionItems.get(i), path, problems).flatMap(this::collection).ifPresent(c -> {
        if (!ids.add(c.id())) {
          problems.add(path + ".Id", "duplicate CIDR collection '" + c.id() + "'");
        }
        collections.add(c);
      });
    }
    String database = top.string("GeoLocationDatabase", false).map(this::database).orElse("");
    return new RoutingConfig(regions, collections, database, List.of());
  }

  private Optional<LatencyRegion> region(Mapping region) {
    region.allowOnly(List.of("Region", "CidrList", "NextBest"), Set.of());
    Optional<String> name = region.string("Region", true).filter(r -> nonEmpty(r, region.path("Region")));
    List<String> cidrs = cidrs(region, "CidrList");
    List<String> nextBest = strings(region, "NextBest");
    return name.map(n -> new LatencyRegion(n, cidrs, nextBest));
  }

  /** Regions are unique, a CIDR block belongs to one region, and NextBest names other configured regions. */
  private void checkNextBest(List<LatencyRegion> regions, int items) {
    if (regions.size() != items) {
      return; // paths would not line up; the broken items are reported already
    }
    Map<String, Integer> index = new HashMap<>();
    Map<Cidr, String> owner = new HashMap<>();
    for (int i = 0; i < regions.size(); i++) {
      LatencyRegion region = regions.get(i);
      String path = "LatencyRegions[" + i + "]";
      if (index.putIfAbsent(region.region(), i) != null) {
        problems.add(path + ".Region", "duplicate region '" + region.region() + "'");
      }
      for (String text : region.cidrs()) {
        String other = owner.putIfAbsent(Cidr.parse(text), region.region());
        if (other != null && !other.equals(region.region())) {
          problems.add(path + ".CidrList", text + " is in region " + other + " already");
        }
      }
    }
    for (int i = 0; i < regions.size(); i++) {
      LatencyRegion region = regions.get(i);
      Set<String> seen = new HashSet<>();
      for (int j = 0; j < region.nextBest().size(); j++) {
        String next = region.nextBest().get(j);
        String path = "LatencyRegions[" + i + "].NextBest[" + j + "]";
        if (!index.containsKey(next)) {
          problems.add(path, "no latency region '" + next + "'");
        } else if (next.equals(region.region())) {
          problems.add(path, "a region is not its own next best");
        } else if (!seen.add(next)) {
          problems.add(path, "'" + next + "' is listed twice");
        }
      }
    }
  }

  private Optional<CidrCollection> collection(Mapping collection) {
    collection.allowOnly(List.of("Id", "Locations"), Set.of());
    Optional<String> id = collection.string("Id", true).filter(r -> nonEmpty(r, collection.path("Id")));
    List<JsonNode> items = collection.list("Locations", true).orElse(List.of());
    List<CidrLocation> locations = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Map<Cidr, String> owner = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      String path = collection.path("Locations") + "[" + i + "]";
      Optional<Mapping> item = Mapping.of(items.get(i), path, problems);
      if (item.isEmpty()) {
        continue;
      }
      Mapping location = item.get();
      location.allowOnly(List.of("LocationName", "CidrList"), Set.of());
      Optional<String> name = location.string("LocationName", true).filter(n -> locationName(n, location.path("LocationName")));
      List<String> cidrs = cidrs(location, "CidrList");
      if (name.isEmpty()) {
        continue;
      }
      if (!names.add(name.get())) {
        problems.add(location.path("LocationName"), "duplicate location '" + name.get() + "'");
      }
      for (String text : cidrs) {
        String other = owner.putIfAbsent(Cidr.parse(text), name.get());
        if (other != null && !other.equals(name.get())) {
          problems.add(location.path("CidrList"), text + " is in location '" + other + "' of this collection already");
        }
      }
      locations.add(new CidrLocation(name.get(), cidrs));
    }
    return id.map(i -> new CidrCollection(i, locations));
  }

  /** Route 53: 1-16 letters, digits, '_' or '-'; "*" is the default location of record sets, not a location. */
  private boolean locationName(String name, String path) {
    if (name.matches("[A-Za-z0-9_-]{1,16}")) {
      return true;
    }
    problems.add(path, "must be 1-16 letters, digits, '_' or '-', got '" + name + "'");
    return false;
  }

  /** Valid CIDR blocks only; at least one. */
  private List<String> cidrs(Mapping owner, String field) {
    List<String> cidrs = new ArrayList<>();
    List<JsonNode> items = owner.list(field, true).orElse(null);
    if (items == null) {
      return cidrs;
    }
    if (items.isEmpty()) {
      problems.add(owner.path(field), "must have at least one CIDR block");
    }
    for (int i = 0; i < items.size(); i++) {
      String path = owner.path(field) + "[" + i + "]";
      if (!items.get(i).isTextual()) {
        problems.add(path, "must be a string, got " + Mapping.kind(items.get(i)));
        continue;
      }
      try {
        cidrs.add(Cidr.parse(items.get(i).asText()).toString());
      } catch (IllegalArgumentException e) {
        problems.add(path, e.getMessage());
      }
    }
    return cidrs;
  }

  private List<String> strings(Mapping owner, String field) {
    List<String> out = new ArrayList<>();
    List<JsonNode> items = owner.list(field, false).orElse(List.of());
    for (int i = 0; i < items.size(); i++) {
      if (items.get(i).isTextual()) {
        out.add(items.get(i).asText());
      } else {
        problems.add(owner.path(field) + "[" + i + "]", "must be a string, got " + Mapping.kind(items.get(i)));
      }
    }
    return out;
  }

  private String database(String text) {
    Path file = baseDir.resolve(text);
    if (!Files.isReadable(file)) {
      problems.add("GeoLocationDatabase", "cannot read " + file + (Files.exists(file) ? ": permission denied" : ": no such file"));
      return "";
    }
    return file.toString();
  }

  private boolean nonEmpty(String text, String path) {
    if (text.isEmpty()) {
      problems.add(path, "must not be empty");
      return false;
    }
    return true;
  }
}
