package dev.vigil.controller.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.controller.Fixtures;
import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.CheckType;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.Failover;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class StateCodecTest {

  static Stream<DesiredState> states() {
    HealthCheck everything = new HealthCheck(
        "all", CheckType.HTTPS_STR_MATCH, "", "svc.example.test", 8443, "/status?x=1", "OK", 10, 7,
        true, true, true, true, List.of("eu-central-1", "us-east-1"), true, 0.5);
    HealthCheck tcp = new HealthCheck("tcp", CheckType.TCP, "::1", "", 22, "", "", 30, 3, false, false, false, false, List.of());
    return Stream.of(
        DesiredState.EMPTY,
        Fixtures.failoverState(),
        new DesiredState(List.of(everything, tcp), List.of(
            new HostedZone("a.test.", List.of(
                new RecordSet("a.test.", "MX", 3600, "", Failover.NONE, "", List.of("10 mx1.a.test.", "20 mx2.a.test.")),
                new RecordSet("x.a.test.", "AAAA", 4_000_000_000L, "s", Failover.SECONDARY, "tcp", List.of("::2")))),
            new HostedZone("b.test.", List.of()))),
        dev.vigil.controller.routing.RoutingFixture.state(dev.vigil.controller.routing.RoutingFixture.config(
            "Name: w, Type: A, TTL: 60, SetIdentifier: a, Weight: 0, AllUnhealthy: serve-last-healthy,"
                + " ResourceRecords: [{Value: 127.0.0.2}]",
            "Name: w, Type: A, SetIdentifier: b, Weight: 9, HealthCheckId: a, AllUnhealthy: serve-last-healthy,"
                + " AliasTarget: {HostedZoneId: other.test, DNSName: target.other.test, EvaluateTargetHealth: true}",
            "Name: l, Type: A, TTL: 60, SetIdentifier: eu, Region: eu, ResourceRecords: [{Value: 127.0.0.2}]",
            "Name: g, Type: A, TTL: 60, SetIdentifier: by, GeoLocation: {CountryCode: DE, SubdivisionCode: BY},"
                + " ResourceRecords: [{Value: 127.0.0.2}]",
            "Name: g, Type: A, TTL: 60, SetIdentifier: eu, GeoLocation: {ContinentCode: EU},"
                + " ResourceRecords: [{Value: 127.0.0.2}]",
            "Name: i, Type: A, TTL: 60, SetIdentifier: d, CidrRoutingConfig: {CollectionId: offices, LocationName:"
                + " '*'}, ResourceRecords: [{Value: 127.0.0.2}]",
            "Name: m, Type: A, TTL: 60, SetIdentifier: m, MultiValueAnswer: true, AllUnhealthy: serve-none,"
                + " ResourceRecords: [{Value: 127.0.0.2}]")));
  }

  @Test
  void aRecordSetWrittenBeforeRoutingPoliciesExistedIsSimpleOrFailover() {
    DesiredState old = StateCodec.fromProto(StateCodec.toProto(Fixtures.failoverState()));
    old.hostedZones().forEach(z -> z.recordSets().forEach(r -> {
      assertEquals(dev.vigil.controller.model.Routing.NONE, r.routing());
      assertEquals(dev.vigil.controller.model.AllUnhealthy.SERVE_ALL, r.allUnhealthy());
    }));
    assertEquals(dev.vigil.controller.model.RoutingConfig.EMPTY, old.routing());
  }

  @Test
  void aCheckWrittenBeforeHealthQuorumExistedGetsRoute53sRule() {
    var old = StateCodec.toProto(Fixtures.failoverState()).toBuilder();
    old.getHealthChecksBuilderList().forEach(c -> c.clearHealthyFractionAbove());
    StateCodec.fromProto(old.build()).healthChecks()
        .forEach(c -> assertEquals(0.18, c.healthyFractionAbove()));
  }

  @ParameterizedTest
  @MethodSource("states")
  void desiredStateRoundTrips(DesiredState desired) {
    assertEquals(desired, StateCodec.fromProto(StateCodec.toProto(desired)));
  }

  @Test
  void checkHealthRoundTrips() {
    CheckHealth h = new CheckHealth("web", false, Instant.ofEpochMilli(1_700_000_000_123L), "0 of 2 agents healthy");

    assertEquals(h, StateCodec.fromProto(StateCodec.toProto(h)));
  }

  @Test
  void snapshotRestoresStateWithRecompiledAnswers() {
    ControllerState s = ControllerState.INITIAL
        .apply(ControllerStateTest.config(Fixtures.failoverState()), 1, 4)
        .apply(ControllerStateTest.transition("web", false, 99), 2, 9);

    ControllerState restored = StateCodec.fromSnapshot(StateCodec.toSnapshot(s), 9);

    assertEquals(s.desired(), restored.desired());
    assertEquals(s.health(), restored.health());
    assertEquals(s.answers(), restored.answers());
    assertEquals(s.answersVersion(), restored.answersVersion());
    assertEquals(9, restored.appliedIndex());
    // A member restored from a snapshot must judge ApplyConfig.expected_config_index like the others.
    assertEquals(4, restored.configIndex());
    assertEquals(s, restored);
  }

  @Test
  void aSnapshotKeepsTheAnswersOfServeLastHealthyGroupsWhileAllAreDown() {
    DesiredState desired = dev.vigil.controller.routing.RoutingFixture.state(
        dev.vigil.controller.routing.RoutingFixture.config(
            "Name: www, Type: A, TTL: 60, SetIdentifier: a, Weight: 1, HealthCheckId: a,"
                + " AllUnhealthy: serve-last-healthy, ResourceRecords: [{Value: 127.0.0.1}]",
            "Name: www, Type: A, TTL: 60, SetIdentifier: b, Weight: 3, HealthCheckId: a,"
                + " AllUnhealthy: serve-last-healthy, ResourceRecords: [{Value: 127.0.0.2}]",
            "Name: lat, Type: A, TTL: 60, SetIdentifier: eu, Region: eu, HealthCheckId: c,"
                + " AllUnhealthy: serve-last-healthy, ResourceRecords: [{Value: 127.0.0.3}]",
            "Name: lat, Type: A, TTL: 60, SetIdentifier: us, Region: us, HealthCheckId: d,"
                + " AllUnhealthy: serve-last-healthy, ResourceRecords: [{Value: 127.0.0.4}]"));
    ControllerState s = ControllerState.INITIAL
        .apply(ControllerStateTest.config(desired), 1, 4)
        .apply(ControllerStateTest.transition("d", false, 91), 1, 5)
        .apply(ControllerStateTest.transition("a", false, 92), 1, 6)
        .apply(ControllerStateTest.transition("c", false, 93), 1, 7);

    var snapshot = StateCodec.toSnapshot(s);
    assertEquals(1, snapshot.getKeptAnswersCount());
    assertEquals(1, snapshot.getKeptAnswers(0).getUpsertsCount(), "lat: eu's static RRset, the last healthy one");
    assertEquals(1, snapshot.getKeptAnswers(0).getSelectiveUpsertsCount(), "www: the 1:3 weighted choice");
    ControllerState restored = StateCodec.fromSnapshot(snapshot, 7);
    assertEquals(s.answers(), restored.answers());
    assertEquals(s, restored);
    ControllerState withoutKept = StateCodec.fromSnapshot(snapshot.toBuilder().clearKeptAnswers().build(), 7);
    assertEquals(false, s.answers().equals(withoutKept.answers()), "the kept answers are not rebuilt otherwise");
  }
}
