package dev.vigil.controller.routing;

import dev.vigil.controller.model.Failover;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.controller.model.Routing;
import java.util.List;

/**
 * One Route 53 routing policy: which record sets of one name and type each kind of client gets. Pure.
 *
 * <p>Health is decided before: each candidate's own check ANDed with its alias target's health when it evaluates
 * it, and, when no candidate is healthy, Route 53's "all are healthy" (or the native AllUnhealthy choice) applied
 * by {@link Router}. A policy therefore always sees at least one healthy candidate.
 */
public sealed interface RoutingPolicy
    permits SimplePolicy, FailoverPolicy, WeightedPolicy, LatencyPolicy, GeolocationPolicy, IpBasedPolicy,
        MultiValuePolicy {

  Selection select(List<Candidate> candidates, ClientTables tables);

  /** The policy of the group that {@code member} belongs to (validation made every member agree). */
  static RoutingPolicy of(RecordSet member) {
    if (member.failover() != Failover.NONE) {
      return new FailoverPolicy();
    }
    return switch (member.routing()) {
      case Routing.None ignored -> new SimplePolicy();
      case Routing.Weighted ignored -> new WeightedPolicy();
      case Routing.Latency ignored -> new LatencyPolicy();
      case Routing.Geo ignored -> new GeolocationPolicy();
      case Routing.Cidr ignored -> new IpBasedPolicy();
      case Routing.MultiValue ignored -> new MultiValuePolicy();
    };
  }
}
