package dev.vigil.controller.model;

import java.util.List;
import java.util.Optional;

/**
 * The native top-level configuration that per-query routing policies look clients up in.
 *
 * @param latencyRegions clients' regions by CIDR, each with its next-best regions, in the order of preference for
 *     clients outside every region
 * @param cidrCollections Route 53's CIDR collections, for IP-based routing
 * @param geoDatabase the MaxMind DB file named in the config ("" for none), for information: its networks are read
 *     when the config is read and kept in {@code geoNetworks}, so that every controller compiles the same answers
 * @param geoNetworks the networks of the database whose location some geolocation record set uses, disjoint
 */
public record RoutingConfig(
    List<LatencyRegion> latencyRegions,
    List<CidrCollection> cidrCollections,
    String geoDatabase,
    List<GeoNetwork> geoNetworks) {

  public static final RoutingConfig EMPTY = new RoutingConfig(List.of(), List.of(), "", List.of());

  public RoutingConfig {
    latencyRegions = List.copyOf(latencyRegions);
    cidrCollections = List.copyOf(cidrCollections);
    geoNetworks = List.copyOf(geoNetworks);
  }

  /**
   * @param cidrs client networks in this region, e.g. "192.0.2.0/24"
   * @param nextBest the regions to try, in order, when this one has no healthy record set
   */
  public record LatencyRegion(String region, List<String> cidrs, List<String> nextBest) {
    public LatencyRegion {
      cidrs = List.copyOf(cidrs);
      nextBest = List.copyOf(nextBest);
    }
  }

  public record CidrCollection(String id, List<CidrLocation> locations) {
    public CidrCollection {
      locations = List.copyOf(locations);
    }
  }

  public record CidrLocation(String name, List<String> cidrs) {
    public CidrLocation {
      cidrs = List.copyOf(cidrs);
    }
  }

  /**
   * @param cidr e.g. "192.0.2.0/24" or "2001:db8::/32"
   * @param location continent, country and subdivision as far as some record set needs them
   */
  public record GeoNetwork(String cidr, GeoLocation location) {}

  public Optional<CidrCollection> cidrCollection(String id) {
    return cidrCollections.stream().filter(c -> c.id().equals(id)).findFirst();
  }
}
