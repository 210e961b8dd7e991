package dev.vigil.controller.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.Fixtures;
import dev.vigil.controller.health.HealthRules;
import dev.vigil.controller.history.HistoryEntry;
import dev.vigil.controller.history.HistoryEntry.Kind;
import dev.vigil.controller.history.HistoryRetention;
import dev.vigil.controller.model.CheckType;
import dev.vigil.controller.model.ColdStart;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.FlapDamping;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.controller.model.HostedZone;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The native health rules and the history as the state machine applies them: CALCULATED checks follow their
 * children through the log, damping state is replicated and survives a snapshot, history is derived per entry.
 */
@Timeout(10)
class HealthRulesStateTest {

  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  /** Checks a and b, calc = CALCULATED over both with {@code threshold}; www fails over from calc's primary. */
  static DesiredState calculatedState(int threshold, boolean bDisabled) {
    return new DesiredState(
        List.of(Fixtures.check("a", 1, false, false, List.of()), Fixtures.check("b", 1, false, bDisabled, List.of()),
            HealthCheck.calculated("calc", List.of("a", "b"), threshold)),
        List.of(new HostedZone("example.test.", List.of(
            Fixtures.primary("www.example.test.", "192.0.2.1", "calc"),
            Fixtures.secondary("www.example.test.", "192.0.2.2")))));
  }

  static ControllerState at(ControllerState s, long index, String check, boolean healthy, int second) {
    return s.apply(ControllerStateTest.transition(check, healthy, T0.plusSeconds(second).toEpochMilli()), 1, index);
  }

  static List<HistoryEntry> since(ControllerState s, long index) {
    return s.history().entries().stream().filter(e -> e.index() == index).toList();
  }

  @Test
  void aCalculatedCheckFollowsItsChildrenThroughTheLogAndDrivesFailover() throws Exception {
    ControllerState s = ControllerState.INITIAL.apply(ControllerStateTest.config(calculatedState(2, false)), 1, 1);
    assertTrue(s.health().get("calc").healthy());
    assertEquals("192.0.2.1", ControllerStateTest.wwwAddress(s));

    s = at(s, 2, "a", false, 10);
    assertFalse(s.health().get("calc").healthy());
    assertEquals("1 of 2 children healthy (< HealthThreshold 2)", s.health().get("calc").cause());
    assertEquals(T0.plusSeconds(10), s.health().get("calc").since());
    assertEquals("192.0.2.2", ControllerStateTest.wwwAddress(s));
    assertEquals(List.of(
        new HistoryEntry(2, T0.plusSeconds(10), Kind.HEALTH, "a", "", "", "healthy", "unhealthy", "test says so",
            List.of("a")),
        new HistoryEntry(2, T0.plusSeconds(10), Kind.HEALTH, "calc", "", "", "healthy", "unhealthy",
            "1 of 2 children healthy (< HealthThreshold 2)", List.of("calc", "a")),
        new HistoryEntry(2, T0.plusSeconds(10), Kind.ANSWER, "", "www.example.test.", "A", "TTL 60: 192.0.2.1",
            "TTL 60: 192.0.2.2", "health: a unhealthy, calc unhealthy", List.of("a", "calc"))),
        since(s, 2));

    s = at(s, 3, "a", true, 20);
    assertTrue(s.health().get("calc").healthy());
    assertEquals("192.0.2.1", ControllerStateTest.wwwAddress(s));
    assertEquals(6, s.history().entries().stream().filter(e -> e.index() > 1).count());
  }

  @Test
  void aDisabledChildCountsHealthy() throws Exception {
    ControllerState s = ControllerState.INITIAL.apply(ControllerStateTest.config(calculatedState(2, true)), 1, 1);
    s = at(s, 2, "b", false, 10); // a transition for a disabled check: its health is always healthy anyway
    assertTrue(s.health().get("calc").healthy());
    s = at(s, 3, "a", false, 11);
    assertFalse(s.health().get("calc").healthy());
  }

  @Test
  void aTransitionNamingACalculatedCheckOnlyReEvaluatesItFromItsChildren() {
    ControllerState s = ControllerState.INITIAL.apply(ControllerStateTest.config(calculatedState(2, false)), 1, 1);
    s = at(s, 2, "calc", false, 10);
    assertTrue(s.health().get("calc").healthy());
  }

  @Test
  void aConfigChangeReEvaluatesCalculatedChecksAndRecordsTheAnswerChangeWithoutATime() throws Exception {
    ControllerState s = ControllerState.INITIAL.apply(ControllerStateTest.config(calculatedState(2, false)), 1, 1);
    // HealthThreshold above the number of children: always unhealthy.
    s = s.apply(ControllerStateTest.config(calculatedState(3, false)), 1, 2);
    assertFalse(s.health().get("calc").healthy());
    assertEquals("192.0.2.2", ControllerStateTest.wwwAddress(s));
    List<HistoryEntry> entries = since(s, 2);
    assertEquals(List.of(Kind.HEALTH, Kind.ANSWER), entries.stream().map(HistoryEntry::kind).toList());
    assertNull(entries.get(1).at());
    assertEquals("config at index 2 (test)", entries.get(1).cause());
  }

  @Test
  void aNewInvertedCheckStartsUnhealthyAndColdStartCanSayOtherwise() {
    HealthCheck inverted = Fixtures.httpCheck("inv").withFlags(true, false, ColdStart.ROUTE53);
    HealthCheck coldDown = Fixtures.httpCheck("cold").withFlags(false, false, ColdStart.UNHEALTHY);
    ControllerState s = ControllerState.INITIAL.apply(
        ControllerStateTest.config(new DesiredState(List.of(inverted, coldDown), List.of())), 1, 1);
    assertFalse(s.health().get("inv").healthy());
    assertFalse(s.health().get("cold").healthy());
    assertEquals("new check, no results yet", s.health().get("cold").cause());
  }

  static final HealthCheck DAMPED = Fixtures.check("web", 1, false, false, List.of())
      .withDamping(new FlapDamping(1000, 60, 2500, 1000, 600), 30);

  @Test
  void dampingStateIsReplicatedAndANewLeaderContinuesFromTheSnapshot() {
    DesiredState desired = new DesiredState(List.of(DAMPED), Fixtures.failoverState().hostedZones());
    ControllerState s = ControllerState.INITIAL.apply(ControllerStateTest.config(desired), 1, 1);
    s = at(s, 2, "web", false, 0);
    s = at(s, 3, "web", true, 1);
    s = at(s, 4, "web", false, 2);
    s = at(s, 5, "web", true, 3);
    assertFalse(s.health().get("web").healthy());
    assertTrue(s.memoryOf("web").suppressed());
    assertEquals(3932, s.memoryOf("web").penalty(), 1);
    assertEquals(T0.plusSeconds(3), s.memoryOf("web").verdictSince());

    ControllerState restored = StateCodec.fromSnapshot(StateCodec.toSnapshot(s), s.appliedIndex());
    assertEquals(s, restored);
    // The new leader sees the same due time as the old one would: not at 60 s, by 125 s (penalty below reuse).
    Instant early = T0.plusSeconds(60);
    Instant late = T0.plusSeconds(125);
    HealthCheck check = restored.desired().healthCheck("web").orElseThrow();
    assertFalse(HealthRules.transitionDue(check, restored.health().get("web"), restored.memoryOf("web"), true, early));
    assertTrue(HealthRules.transitionDue(check, restored.health().get("web"), restored.memoryOf("web"), true, late));
    ControllerState released = at(restored, 6, "web", true, 125);
    assertTrue(released.health().get("web").healthy());
    assertEquals(at(s, 6, "web", true, 125), released);
  }

  @Test
  void historyShowsVerdictsThatDampingOrHoldDownHeld() {
    DesiredState desired = new DesiredState(List.of(DAMPED), List.of());
    ControllerState s = ControllerState.INITIAL.apply(ControllerStateTest.config(desired), 1, 1);
    s = at(s, 2, "web", false, 0);
    s = at(s, 3, "web", true, 1);   // held by the hold-down
    s = at(s, 4, "web", false, 2);  // suppressed now
    s = at(s, 5, "web", true, 3);   // held by damping
    s = at(s, 6, "web", true, 125); // released
    List<String> lines = s.history().entries().stream()
        .map(e -> e.index() + " " + e.kind() + " " + e.before() + "->" + e.after() + " " + e.cause()).toList();
    assertEquals(List.of(
        "2 HEALTH healthy->unhealthy test says so",
        "3 VERDICT unhealthy->healthy held by the failback hold-down",
        "4 VERDICT healthy->unhealthy held by flap damping (penalty 2966)",
        "5 VERDICT unhealthy->healthy held by flap damping (penalty 3932)"), lines.subList(0, 4));
    assertTrue(lines.get(4).startsWith("6 HEALTH unhealthy->healthy flap damping released (penalty 9"), lines.get(4));
    assertEquals(5, lines.size());
  }

  @Test
  void historyKeepsTheNewestEntriesWithinItsRetention() {
    ControllerState s = ControllerState.initial(new HistoryRetention(3, Duration.ofHours(1)))
        .apply(ControllerStateTest.config(new DesiredState(List.of(Fixtures.httpCheck("web")), List.of())), 1, 1);
    for (int i = 0; i < 6; i++) {
      s = at(s, 2 + i, "web", i % 2 == 1, i);
    }
    assertEquals(List.of(5L, 6L, 7L), s.history().entries().stream().map(HistoryEntry::index).toList());
    // Two hours later, the old entries are dropped by age; the new one stays.
    s = at(s, 8, "web", false, 7200);
    assertEquals(List.of(8L), s.history().entries().stream().map(HistoryEntry::index).toList());
  }

  @Test
  void everyNativeFieldRoundTripsThroughTheLogEncoding() {
    HealthCheck all = Fixtures.check("all", 4, true, false, List.of("eu", "us"))
        .withThresholds(2, 6).withHealthyRegionsAtLeast(2).withFlags(true, false, ColdStart.HEALTHY)
        .withDamping(new FlapDamping(500, 120, 3000, 800, 1800), 45);
    HealthCheck calc = HealthCheck.calculated("calc", List.of("all"), 1).withFlags(false, true, ColdStart.UNHEALTHY);
    DesiredState desired = new DesiredState(List.of(all, calc), List.of());
    assertEquals(desired, StateCodec.fromProto(StateCodec.toProto(desired)));
    assertEquals(CheckType.CALCULATED, StateCodec.fromProto(StateCodec.toProto(desired)).healthChecks().get(1).type());
  }

  @Test
  void aCheckWrittenBeforeTheNativeFieldsReadsAsRoute53() {
    var proto = StateCodec.toProto(Fixtures.check("web", 4, false, false, List.of()));
    HealthCheck read = StateCodec.fromProto(proto.toBuilder().clearHealthyThreshold().clearUnhealthyThreshold().build());
    assertEquals(4, read.healthyThreshold());
    assertEquals(4, read.unhealthyThreshold());
    assertEquals(FlapDamping.OFF, read.flapDamping());
    assertEquals(ColdStart.ROUTE53, read.coldStart());
    assertEquals(0, read.failbackHoldDownSeconds());
  }
}
