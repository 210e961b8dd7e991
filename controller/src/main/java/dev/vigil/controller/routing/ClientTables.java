package dev.vigil.controller.routing;

import dev.vigil.controller.model.Cidr;
import dev.vigil.controller.model.GeoLocation;
import dev.vigil.controller.model.RoutingConfig;
import dev.vigil.controller.model.RoutingConfig.CidrCollection;
import dev.vigil.controller.model.RoutingConfig.GeoNetwork;
import dev.vigil.controller.model.RoutingConfig.LatencyRegion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The client tables of a {@link RoutingConfig}: "latency", "geo" and "cidr/ID" per CIDR collection. */
public final class ClientTables {

  public static final String LATENCY = "latency";
  public static final String GEO = "geo";

  private final RoutingConfig config;
  private final Map<String, ClientTable> tables = new LinkedHashMap<>();
  private final List<GeoLocation> geoLocations = new ArrayList<>();

  public ClientTables(RoutingConfig config) {
    this.config = config;
    tables.put(LATENCY, latency(config.latencyRegions()));
    config.cidrCollections().forEach(c -> tables.put(cidrName(c.id()), collection(c)));
    tables.put(GEO, geo(config.geoNetworks()));
  }

  public static String cidrName(String collectionId) {
    return "cidr/" + collectionId;
  }

  public RoutingConfig config() {
    return config;
  }

  public Optional<ClientTable> table(String name) {
    return Optional.ofNullable(tables.get(name));
  }

  public ClientTable latency() {
    return tables.get(LATENCY);
  }

  public ClientTable geo() {
    return tables.get(GEO);
  }

  public ClientTable cidr(String collectionId) {
    ClientTable table = tables.get(cidrName(collectionId));
    if (table == null) {
      throw new IllegalArgumentException("no CIDR collection '" + collectionId + "'");
    }
    return table;
  }

  /** The location of each geo label, by label index. */
  public List<GeoLocation> geoLocations() {
    return List.copyOf(geoLocations);
  }

  private static ClientTable latency(List<LatencyRegion> regions) {
    List<String> labels = new ArrayList<>();
    List<ClientTable.Prefix> prefixes = new ArrayList<>();
    for (LatencyRegion region : regions) {
      int label = labels.size();
      labels.add(region.region());
      region.cidrs().forEach(c -> prefixes.add(new ClientTable.Prefix(Cidr.parse(c), label)));
    }
    return new ClientTable(LATENCY, labels, prefixes);
  }

  private static ClientTable collection(CidrCollection collection) {
    List<String> labels = new ArrayList<>();
    List<ClientTable.Prefix> prefixes = new ArrayList<>();
    collection.locations().forEach(location -> {
      int label = labels.size();
      labels.add(location.name());
      location.cidrs().forEach(c -> prefixes.add(new ClientTable.Prefix(Cidr.parse(c), label)));
    });
    return new ClientTable(cidrName(collection.id()), labels, prefixes);
  }

  private ClientTable geo(List<GeoNetwork> networks) {
    Map<GeoLocation, Integer> index = new HashMap<>();
    List<String> labels = new ArrayList<>();
    List<ClientTable.Prefix> prefixes = new ArrayList<>();
    for (GeoNetwork network : networks) {
      int label = index.computeIfAbsent(network.location(), location -> {
        geoLocations.add(location);
        labels.add(geoLabel(location));
        return labels.size() - 1;
      });
      prefixes.add(new ClientTable.Prefix(Cidr.parse(network.cidr()), label));
    }
    return new ClientTable(GEO, labels, prefixes);
  }

  /** e.g. "EU/DE/BY", "EU/DE", "-/US/CA" (continent not used by any record set). */
  static String geoLabel(GeoLocation location) {
    StringBuilder label = new StringBuilder(location.continentCode().isEmpty() ? "-" : location.continentCode());
    if (!location.countryCode().isEmpty()) {
      label.append('/').append(location.countryCode());
      if (!location.subdivisionCode().isEmpty()) {
        label.append('/').append(location.subdivisionCode());
      }
    }
    return label.toString();
  }
}
