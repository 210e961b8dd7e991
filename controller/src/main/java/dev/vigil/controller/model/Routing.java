package dev.vigil.controller.model;

/**
 * The routing fields of one {@code ResourceRecordSet} besides Failover: at most one of Route 53's Weight, Region,
 * GeoLocation, CidrRoutingConfig and MultiValueAnswer. {@link #NONE} for simple and failover record sets.
 */
public sealed interface Routing {

  Routing NONE = new None();

  /** The routing policy's name, as in explanations and error messages. */
  String policy();

  record None() implements Routing {
    @Override
    public String policy() {
      return "simple";
    }
  }

  /** {@code Weight}, 0-255. */
  record Weighted(int weight) implements Routing {
    @Override
    public String policy() {
      return "weighted";
    }
  }

  /** {@code Region}: a region of the configured {@code LatencyRegions}. */
  record Latency(String region) implements Routing {
    @Override
    public String policy() {
      return "latency";
    }
  }

  /** {@code GeoLocation}. */
  record Geo(GeoLocation location) implements Routing {
    @Override
    public String policy() {
      return "geolocation";
    }
  }

  /** {@code CidrRoutingConfig}: a location of a configured CIDR collection, "*" for the default. */
  record Cidr(String collectionId, String locationName) implements Routing {

    public static final String DEFAULT_LOCATION = "*";

    public boolean isDefault() {
      return DEFAULT_LOCATION.equals(locationName);
    }

    @Override
    public String policy() {
      return "ip-based";
    }
  }

  /** {@code MultiValueAnswer: true}. */
  record MultiValue() implements Routing {
    @Override
    public String policy() {
      return "multivalue";
    }
  }
}
