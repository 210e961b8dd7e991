package dev.vigil.controller.routing;

import dev.vigil.controller.model.GeoLocation;
import dev.vigil.controller.model.Routing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Route 53 geolocation routing. A client's location comes from the "geo" client table (the MaxMind DB); the record
 * sets that match it, most specific first, are subdivision, country, continent, default ("*"). The first healthy one
 * answers. When all that match are unhealthy, the most specific (the smallest region's) answers anyway. When none
 * matches (no record set for the place and no default), there is no answer.
 */
public final class GeolocationPolicy implements RoutingPolicy {

  @Override
  public Selection select(List<Candidate> candidates, ClientTables tables) {
    Map<GeoLocation, Candidate> byLocation = new HashMap<>();
    candidates.forEach(c -> byLocation.put(((Routing.Geo) c.recordSet().routing()).location(), c));
    Map<Integer, Decision> byLabel = new HashMap<>();
    List<GeoLocation> labels = tables.geoLocations();
    for (int label = 0; label < labels.size(); label++) {
      byLabel.put(label, decide(ClientTables.geoLabel(labels.get(label)), chain(labels.get(label)), byLocation));
    }
    Decision fallback = decide("a place no record set names", List.of(GeoLocation.DEFAULT), byLocation);
    return new Selection(ClientTables.GEO, byLabel, fallback, candidates, List.of());
  }

  /** Subdivision, country, continent, default: the locations that can match a client at {@code place}. */
  static List<GeoLocation> chain(GeoLocation place) {
    List<GeoLocation> chain = new ArrayList<>();
    if (!place.subdivisionCode().isEmpty()) {
      chain.add(GeoLocation.subdivision(place.countryCode(), place.subdivisionCode()));
    }
    if (!place.countryCode().isEmpty()) {
      chain.add(GeoLocation.country(place.countryCode()));
    }
    if (!place.continentCode().isEmpty()) {
      chain.add(GeoLocation.continent(place.continentCode()));
    }
    chain.add(GeoLocation.DEFAULT);
    return chain;
  }

  static Decision decide(String client, List<?> chain, Map<?, Candidate> byPlace) {
    List<Candidate> matching = new ArrayList<>();
    for (Object place : chain) {
      Candidate candidate = byPlace.get(place);
      if (candidate != null) {
        matching.add(candidate);
      }
    }
    if (matching.isEmpty()) {
      return Decision.none("client at " + client + ": no record set for it and no default: no answer");
    }
    List<String> skipped = new ArrayList<>();
    for (Candidate candidate : matching) {
      if (candidate.healthy()) {
        return Decision.only(candidate, "client at " + client + ": " + place(candidate)
            + (skipped.isEmpty() ? "" : " (unhealthy, more specific: " + String.join(", ", skipped) + ")"));
      }
      skipped.add(place(candidate));
    }
    return Decision.only(matching.getFirst(), "client at " + client + ": every matching record set is unhealthy: "
        + "the smallest region's, " + place(matching.getFirst()));
  }

  static String place(Candidate candidate) {
    return switch (candidate.recordSet().routing()) {
      case Routing.Geo g -> "location " + g.location() + " " + candidate.label();
      case Routing.Cidr c -> "CIDR location " + c.locationName() + " " + candidate.label();
      default -> candidate.label();
    };
  }
}
