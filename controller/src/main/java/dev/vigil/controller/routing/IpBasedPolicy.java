package dev.vigil.controller.routing;

import dev.vigil.controller.model.Routing;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Route 53 IP-based routing: the record set for the CIDR location the client's address falls in (longest prefix of
 * the group's CIDR collection), else the default location "*". An unhealthy location falls back to the default; when
 * both are unhealthy the location's answers anyway; with neither there is no answer.
 */
public final class IpBasedPolicy implements RoutingPolicy {

  @Override
  public Selection select(List<Candidate> candidates, ClientTables tables) {
    String collection = ((Routing.Cidr) candidates.getFirst().recordSet().routing()).collectionId();
    Map<String, Candidate> byLocation = new HashMap<>();
    candidates.forEach(c -> byLocation.put(((Routing.Cidr) c.recordSet().routing()).locationName(), c));
    ClientTable table = tables.cidr(collection);
    Map<Integer, Decision> byLabel = new HashMap<>();
    for (int label = 0; label < table.labels().size(); label++) {
      String location = table.labels().get(label);
      byLabel.put(label, GeolocationPolicy.decide("CIDR location " + location,
          List.of(location, Routing.Cidr.DEFAULT_LOCATION), byLocation));
    }
    Decision fallback = GeolocationPolicy.decide("an address in no CIDR location",
        List.of(Routing.Cidr.DEFAULT_LOCATION), byLocation);
    return new Selection(table.name(), byLabel, fallback, candidates, List.of());
  }
}
