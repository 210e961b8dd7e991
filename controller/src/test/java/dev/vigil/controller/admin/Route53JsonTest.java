package dev.vigil.controller.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.controller.Fixtures;
import dev.vigil.controller.config.ApiInput;
import dev.vigil.controller.config.ConfigProblem;
import dev.vigil.controller.model.AliasTarget;
import dev.vigil.controller.model.AllUnhealthy;
import dev.vigil.controller.model.Failover;
import dev.vigil.controller.model.GeoLocation;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.controller.model.Routing;
import dev.vigil.controller.model.RoutingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ListResourceRecordSets' JSON is what ChangeResourceRecordSets takes: read back, it is the same record set. */
class Route53JsonTest {

  static final RoutingConfig TABLES = new RoutingConfig(
      List.of(new RoutingConfig.LatencyRegion("eu-west-1", List.of("192.0.2.0/24"), List.of())),
      List.of(new RoutingConfig.CidrCollection("offices",
          List.of(new RoutingConfig.CidrLocation("berlin", List.of("198.51.100.0/24"))))),
      "", List.of());

  static Stream<RecordSet> recordSets() {
    Stream<RecordSet> failover =
        Fixtures.failoverState().hostedZones().stream().map(HostedZone::recordSets).flatMap(List::stream);
    return Stream.concat(failover, Stream.of(
        routed("w", new Routing.Weighted(7), AllUnhealthy.SERVE_NONE),
        routed("l", new Routing.Latency("eu-west-1"), AllUnhealthy.SERVE_ALL),
        routed("g", new Routing.Geo(GeoLocation.subdivision("US", "CA")), AllUnhealthy.SERVE_LAST_HEALTHY),
        routed("c", new Routing.Geo(GeoLocation.continent("EU")), AllUnhealthy.SERVE_ALL),
        routed("i", new Routing.Cidr("offices", "berlin"), AllUnhealthy.SERVE_ALL),
        routed("m", new Routing.MultiValue(), AllUnhealthy.SERVE_ALL),
        new RecordSet("example.test.", "A", 0, "", Failover.NONE, "", List.of(), Routing.NONE,
            Optional.of(new AliasTarget("example.test.", "www.example.test.", true)), AllUnhealthy.SERVE_ALL)));
  }

  static RecordSet routed(String id, Routing routing, AllUnhealthy allUnhealthy) {
    return new RecordSet("r.example.test.", "A", 60, id, Failover.NONE, "web", List.of("192.0.2.9"), routing,
        Optional.empty(), allUnhealthy);
  }

  @ParameterizedTest
  @MethodSource("recordSets")
  void aListedRecordSetReadsBackToTheSameRecordSet(RecordSet set) {
    List<ConfigProblem> problems = new ArrayList<>();
    assertEquals(Optional.of(set), ApiInput.recordSet(Route53Json.recordSet(set), "x", "example.test.",
        Set.of("web"), TABLES, problems), problems.toString());
  }
}
