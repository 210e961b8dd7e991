package dev.vigil.controller.routing;

import dev.vigil.controller.model.RoutingConfig.LatencyRegion;
import dev.vigil.controller.model.Routing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Route 53 latency routing: the record set of the client's region (from the "latency" client table); a region
 * without a healthy record set is skipped for the next best: the region's {@code NextBest} list in order, then the
 * other regions in the order of {@code LatencyRegions}. Clients outside every region go down {@code LatencyRegions}
 * in order.
 */
public final class LatencyPolicy implements RoutingPolicy {

  @Override
  public Selection select(List<Candidate> candidates, ClientTables tables) {
    Map<String, Candidate> byRegion = new HashMap<>();
    candidates.forEach(c -> byRegion.put(((Routing.Latency) c.recordSet().routing()).region(), c));
    List<LatencyRegion> regions = tables.config().latencyRegions();
    List<String> all = regions.stream().map(LatencyRegion::region).toList();
    Map<Integer, Decision> byLabel = new HashMap<>();
    for (int label = 0; label < regions.size(); label++) {
      LatencyRegion region = regions.get(label);
      Set<String> order = new LinkedHashSet<>();
      order.add(region.region());
      order.addAll(region.nextBest());
      order.addAll(all);
      byLabel.put(label, decide("client region " + region.region(), new ArrayList<>(order), byRegion));
    }
    Decision fallback = decide("client outside every latency region", all, byRegion);
    return new Selection(ClientTables.LATENCY, byLabel, fallback, candidates, List.of());
  }

  private static Decision decide(String client, List<String> order, Map<String, Candidate> byRegion) {
    List<String> skipped = new ArrayList<>();
    for (String region : order) {
      Candidate candidate = byRegion.get(region);
      if (candidate == null) {
        continue;
      }
      if (candidate.healthy()) {
        String rule = "latency: " + client + ": " + (skipped.isEmpty() ? "region " + region
            : "region(s) " + String.join(", ", skipped) + " have no healthy record set; next best " + region);
        return Decision.only(candidate, rule);
      }
      skipped.add(region);
    }
    return Decision.none("latency: " + client + ": no healthy record set in any region");
  }
}
