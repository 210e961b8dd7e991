package dev.vigil.controller.config;

import dev.vigil.controller.model.AliasTarget;
import dev.vigil.controller.model.AllUnhealthy;
import dev.vigil.controller.model.GeoLocation;
import dev.vigil.controller.model.Routing;
import dev.vigil.controller.model.RoutingConfig;
import dev.vigil.controller.model.RoutingConfig.CidrCollection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/** Reads the routing fields of one {@code ResourceRecordSet}: policy fields, AliasTarget and AllUnhealthy. */
final class RoutingReader {

  static final List<String> CONTINENTS = List.of("AF", "AN", "AS", "EU", "NA", "OC", "SA");
  private static final List<String> POLICY_FIELDS =
      List.of("Weight", "Region", "GeoLocation", "CidrRoutingConfig", "MultiValueAnswer");

  private final Problems problems;
  private final RoutingConfig tables;

  RoutingReader(Problems problems, RoutingConfig tables) {
    this.problems = problems;
    this.tables = tables;
  }

  /** The config field that sets {@code routing}, e.g. "Weight". */
  static String fieldName(Routing routing) {
    return switch (routing) {
      case Routing.None ignored -> "";
      case Routing.Weighted ignored -> "Weight";
      case Routing.Latency ignored -> "Region";
      case Routing.Geo ignored -> "GeoLocation";
      case Routing.Cidr ignored -> "CidrRoutingConfig";
      case Routing.MultiValue ignored -> "MultiValueAnswer";
    };
  }

  /** At most one policy field (Failover included); empty when broken. */
  Optional<Routing> routing(Mapping set) {
    List<String> given = new ArrayList<>();
    for (String field : POLICY_FIELDS) {
      if (set.has(field) && !(field.equals("MultiValueAnswer") && set.raw(field).isBoolean()
          && !set.raw(field).asBoolean())) {
        given.add(field);
      }
    }
    if (set.has("Failover")) {
      given.add("Failover");
    }
    if (given.size() > 1) {
      problems.add(set.path(given.get(1)), "a record set has one routing policy, got " + Mapping.oneOf(given)
          .replace(" or ", " and "));
      return Optional.empty();
    }
    if (given.isEmpty() || given.getFirst().equals("Failover")) {
      if (set.has("MultiValueAnswer")) {
        set.bool("MultiValueAnswer"); // false: reports a non-boolean only
      }
      return Optional.of(Routing.NONE);
    }
    return switch (given.getFirst()) {
      case "Weight" -> set.integer("Weight", true, 0, 255).stream().mapToObj(w -> (Routing) new Routing.Weighted((int) w))
          .findFirst();
      case "Region" -> set.string("Region", true).filter(r -> knownRegion(r, set.path("Region")))
          .map(Routing.Latency::new);
      case "GeoLocation" -> geoLocation(set).map(Routing.Geo::new);
      case "CidrRoutingConfig" -> cidrRouting(set);
      default -> set.bool("MultiValueAnswer").map(b -> new Routing.MultiValue());
    };
  }

  private boolean knownRegion(String region, String path) {
    List<String> regions = tables.latencyRegions().stream().map(RoutingConfig.LatencyRegion::region).toList();
    if (regions.contains(region)) {
      return true;
    }
    problems.add(path, regions.isEmpty()
        ? "latency routing needs LatencyRegions at the top of the config; none are given"
        : "no latency region '" + region + "' (LatencyRegions has " + Mapping.oneOf(regions) + ")");
    return false;
  }

  private Optional<GeoLocation> geoLocation(Mapping set) {
    Optional<Mapping> found = Mapping.of(set.raw("GeoLocation"), set.path("GeoLocation"), problems);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Mapping geo = found.get();
    geo.allowOnly(List.of("ContinentCode", "CountryCode", "SubdivisionCode"), Set.of());
    Optional<String> continent = geo.string("ContinentCode", false);
    Optional<String> country = geo.string("CountryCode", false);
    Optional<String> subdivision = geo.string("SubdivisionCode", false);
    int before = problems.count();
    if (continent.isPresent() == country.isPresent()) {
      problems.add(geo.path(), "needs exactly one of ContinentCode and CountryCode");
    }
    continent.filter(c -> !CONTINENTS.contains(c)).ifPresent(c -> problems.add(geo.path("ContinentCode"),
        "must be " + Mapping.oneOf(CONTINENTS) + ", got '" + c + "'"));
    country.filter(c -> !c.equals(GeoLocation.DEFAULT_COUNTRY) && !c.matches("[A-Z]{2}")).ifPresent(c ->
        problems.add(geo.path("CountryCode"), "must be a two-letter ISO 3166 code (e.g. DE) or '*', got '" + c + "'"));
    subdivision.ifPresent(s -> {
      if (country.isEmpty() || country.get().equals(GeoLocation.DEFAULT_COUNTRY)) {
        problems.add(geo.path("SubdivisionCode"), "needs a CountryCode");
      } else if (!s.matches("[A-Z0-9]{1,3}")) {
        problems.add(geo.path("SubdivisionCode"), "must be 1-3 upper-case letters or digits (e.g. CA), got '" + s + "'");
      }
    });
    if (problems.count() > before) {
      return Optional.empty();
    }
    return Optional.of(new GeoLocation(continent.orElse(""), country.orElse(""), subdivision.orElse("")));
  }

  private Optional<Routing> cidrRouting(Mapping set) {
    Optional<Mapping> found = Mapping.of(set.raw("CidrRoutingConfig"), set.path("CidrRoutingConfig"), problems);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Mapping cidr = found.get();
    cidr.allowOnly(List.of("CollectionId", "LocationName"), Set.of());
    Optional<String> collectionId = cidr.string("CollectionId", true);
    Optional<String> location = cidr.string("LocationName", true);
    if (collectionId.isEmpty() || location.isEmpty()) {
      return Optional.empty();
    }
    Optional<CidrCollection> collection = tables.cidrCollection(collectionId.get());
    if (collection.isEmpty()) {
      List<String> ids = tables.cidrCollections().stream().map(CidrCollection::id).toList();
      problems.add(cidr.path("CollectionId"), "no CIDR collection '" + collectionId.get() + "'"
          + (ids.isEmpty() ? " (CidrCollections at the top of the config is empty)" : " (have " + Mapping.oneOf(ids) + ")"));
      return Optional.empty();
    }
    boolean known = location.get().equals(Routing.Cidr.DEFAULT_LOCATION)
        || collection.get().locations().stream().anyMatch(l -> l.name().equals(location.get()));
    if (!known) {
      problems.add(cidr.path("LocationName"), "collection '" + collectionId.get() + "' has no location '"
          + location.get() + "' (use '*' for the default)");
      return Optional.empty();
    }
    return Optional.of(new Routing.Cidr(collectionId.get(), location.get()));
  }

  /** Absent: Optional.of(Optional.empty()); broken: Optional.empty(). */
  Optional<Optional<AliasTarget>> aliasTarget(Mapping set, Name zone) {
    if (!set.has("AliasTarget")) {
      return Optional.of(Optional.empty());
    }
    Optional<Mapping> found = Mapping.of(set.raw("AliasTarget"), set.path("AliasTarget"), problems);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Mapping alias = found.get();
    alias.allowOnly(List.of("HostedZoneId", "DNSName", "EvaluateTargetHealth"), Set.of());
    Optional<String> zoneId = alias.string("HostedZoneId", true);
    Optional<String> dnsName = alias.string("DNSName", true);
    if (!alias.has("EvaluateTargetHealth")) {
      problems.add(alias.path("EvaluateTargetHealth"), "required");
    }
    Optional<Boolean> evaluate = alias.bool("EvaluateTargetHealth");
    Optional<String> zoneName = zoneId.flatMap(id -> absolute(id, "", alias.path("HostedZoneId")));
    Optional<String> target = dnsName.flatMap(n -> absolute(n, zoneName.orElse(""), alias.path("DNSName")));
    if (zoneName.isEmpty() || target.isEmpty() || evaluate.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(Optional.of(new AliasTarget(zoneName.get(), target.get(), evaluate.get())));
  }

  /** An alias answers with its target's records and TTL: it has neither of its own. */
  void refuseForAlias(Mapping set, Optional<String> type) {
    if (set.has("TTL")) {
      problems.add(set.path("TTL"), "not allowed for an alias record (it answers with its target's TTL)");
    }
    if (set.has("ResourceRecords")) {
      problems.add(set.path("ResourceRecords"), "not allowed for an alias record (it answers with its target's)");
    }
    type.filter(t -> !RecordSetReader.aliasAllowed(t))
        .ifPresent(t -> problems.add(set.path("Type"), "an alias record cannot be of type " + t));
  }

  Optional<AllUnhealthy> allUnhealthy(Mapping set) {
    if (!set.has("AllUnhealthy")) {
      return Optional.of(AllUnhealthy.SERVE_ALL);
    }
    Optional<String> text = set.string("AllUnhealthy", false);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (!AllUnhealthy.texts().contains(text.get())) {
      problems.add(set.path("AllUnhealthy"), "must be " + Mapping.oneOf(AllUnhealthy.texts()) + ", got '"
          + text.get() + "'");
      return Optional.empty();
    }
    return Optional.of(AllUnhealthy.fromText(text.get()));
  }

  /**
   * Absolute, lower case. A name without the final dot that does not end in {@code zone} is relative to it (as
   * record set names are), else absolute (Route 53 takes every name as absolute).
   */
  private Optional<String> absolute(String text, String zone, String path) {
    String lower = text.toLowerCase(Locale.ROOT);
    String apex = zone.endsWith(".") ? zone.substring(0, zone.length() - 1) : zone;
    boolean relative = !zone.isEmpty() && !lower.endsWith(".") && !lower.equals(apex) && !lower.endsWith("." + apex);
    try {
      Name origin = relative ? Name.fromString(zone, Name.root) : Name.root;
      return Optional.of(Name.fromString(text, origin).canonicalize().toString().toLowerCase(Locale.ROOT));
    } catch (TextParseException e) {
      problems.add(path, "not a valid DNS name: " + e.getMessage());
      return Optional.empty();
    }
  }
}
