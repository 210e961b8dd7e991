package dev.vigil.controller.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.Fixtures;
import dev.vigil.controller.answers.AnswerRRset;
import dev.vigil.controller.answers.RRsetKey;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.proto.cluster.v1.ApplyConfig;
import dev.vigil.proto.cluster.v1.Command;
import dev.vigil.proto.cluster.v1.HealthTransition;
import dev.vigil.proto.cluster.v1.HealthTransitions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

class ControllerStateTest {

  static Command config(DesiredState desired) {
    return Command.newBuilder()
        .setApplyConfig(ApplyConfig.newBuilder().setDesired(StateCodec.toProto(desired)).setSource("test"))
        .build();
  }

  static Command transition(String checkId, boolean healthy, long atMs) {
    return Command.newBuilder()
        .setHealthTransitions(HealthTransitions.newBuilder().addTransitions(HealthTransition.newBuilder()
            .setCheckId(checkId).setHealthy(healthy).setAtUnixMs(atMs).setCause("test says so")))
        .build();
  }

  static String wwwAddress(ControllerState state) throws Exception {
    Name www = Name.fromString("www.example.test.");
    AnswerRRset rrset = state.answers().zones().get(Name.fromString("example.test."))
        .rrsets().get(new RRsetKey(www, Type.A));
    return ((ARecord) rrset.records().get(0)).getAddress().getHostAddress();
  }

  @Test
  void appliedConfigSetsDesiredInitialHealthAnswersAndVersion() throws Exception {
    ControllerState s = ControllerState.INITIAL.apply(config(Fixtures.failoverState()), 1, 3);

    assertEquals(Fixtures.failoverState(), s.desired());
    assertTrue(s.health().get("web").healthy());
    assertEquals("192.0.2.1", wwwAddress(s));
    assertEquals(new AnswerVersion(1, 3), s.answersVersion());
    assertEquals(3, s.configIndex());
    assertEquals(3, s.appliedIndex());
  }

  static Stream<Arguments> transitions() {
    return Stream.of(
        // healthy → unhealthy fails over: answers change, version moves to the entry
        Arguments.of(false, "192.0.2.2", true),
        // healthy → healthy is a no-op: same answers, same version
        Arguments.of(true, "192.0.2.1", false));
  }

  @ParameterizedTest
  @MethodSource("transitions")
  void transitionChangesAnswersAndVersionOnlyWhenAnswersChange(boolean healthy, String expectedWww, boolean versionMoves)
      throws Exception {
    ControllerState configured = ControllerState.INITIAL.apply(config(Fixtures.failoverState()), 1, 3);

    ControllerState after = configured.apply(transition("web", healthy, 1_000), 2, 7);

    assertEquals(expectedWww, wwwAddress(after));
    assertEquals(versionMoves ? new AnswerVersion(2, 7) : new AnswerVersion(1, 3), after.answersVersion());
    assertEquals(7, after.appliedIndex());
    assertEquals(3, after.configIndex());
  }

  @Test
  void transitionRecordsTimeAndCauseFromTheCommand() {
    ControllerState s = ControllerState.INITIAL.apply(config(Fixtures.failoverState()), 1, 1)
        .apply(transition("web", false, 123_456), 1, 2);

    assertFalse(s.health().get("web").healthy());
    assertEquals(Instant.ofEpochMilli(123_456), s.health().get("web").since());
    assertEquals("test says so", s.health().get("web").cause());
  }

  @Test
  void transitionForUnknownCheckIsIgnored() {
    ControllerState configured = ControllerState.INITIAL.apply(config(Fixtures.failoverState()), 1, 1);

    ControllerState after = configured.apply(transition("nope", false, 1), 1, 2);

    assertEquals(configured.health(), after.health());
    assertEquals(configured.answersVersion(), after.answersVersion());
    assertEquals(2, after.appliedIndex());
  }

  @Test
  void reappliedConfigKeepsHealthOfKeptChecksAndDropsRemovedOnes() throws Exception {
    HealthCheck extra = Fixtures.httpCheck("extra");
    DesiredState withExtra = new DesiredState(
        List.of(Fixtures.httpCheck("web"), extra), Fixtures.failoverState().hostedZones());
    ControllerState down = ControllerState.INITIAL.apply(config(withExtra), 1, 1)
        .apply(transition("web", false, 5), 1, 2);

    ControllerState again = down.apply(config(Fixtures.failoverState()), 1, 3);

    assertFalse(again.health().get("web").healthy());
    assertFalse(again.health().containsKey("extra"));
    assertEquals("192.0.2.2", wwwAddress(again));
    assertEquals(new AnswerVersion(1, 2), again.answersVersion(), "answers did not change");
  }

  @Test
  void newInvertedCheckStartsUnhealthy() {
    DesiredState inverted = new DesiredState(
        List.of(Fixtures.check("web", 1, true, false, List.of())), Fixtures.failoverState().hostedZones());

    ControllerState s = ControllerState.INITIAL.apply(config(inverted), 1, 1);

    assertFalse(s.health().get("web").healthy());
  }

  @Test
  void configRemovingAZoneChangesVersion() {
    ControllerState configured = ControllerState.INITIAL.apply(config(Fixtures.failoverState()), 1, 1);
    DesiredState noZones = new DesiredState(Fixtures.failoverState().healthChecks(), List.<HostedZone>of());

    ControllerState after = configured.apply(config(noZones), 1, 2);

    assertTrue(after.answers().zones().isEmpty());
    assertNotEquals(configured.answersVersion(), after.answersVersion());
  }

  @Test
  void emptyCommandOnlyAdvancesAppliedIndex() {
    ControllerState configured = ControllerState.INITIAL.apply(config(Fixtures.failoverState()), 1, 1);

    ControllerState after = configured.apply(Command.getDefaultInstance(), 1, 2);

    assertEquals(configured.answersVersion(), after.answersVersion());
    assertEquals(2, after.appliedIndex());
  }

  @Test
  void answerChangesCausedByAConfigCarryTheTimeTheChangeWasReceived() {
    Command timed = config(Fixtures.failoverState()).toBuilder()
        .setApplyConfig(config(Fixtures.failoverState()).getApplyConfig().toBuilder().setAppliedAtUnixMs(1_700_000_000_000L))
        .build();
    ControllerState s = ControllerState.INITIAL.apply(timed, 1, 1);

    var answers = s.history().entries().stream()
        .filter(e -> e.kind() == dev.vigil.controller.history.HistoryEntry.Kind.ANSWER).toList();
    assertTrue(!answers.isEmpty(), s.history().toString());
    answers.forEach(e -> assertEquals(java.time.Instant.ofEpochMilli(1_700_000_000_000L), e.at(), e.toString()));
    ControllerState untimed = ControllerState.INITIAL.apply(config(Fixtures.failoverState()), 1, 1);
    untimed.history().entries().forEach(e -> assertEquals(null, e.at(), "entries before the field have no time"));
  }

  @Test
  void unknownCheckTypeIsRejected() {
    var bad = Command.newBuilder().setApplyConfig(ApplyConfig.newBuilder().setDesired(
        dev.vigil.proto.cluster.v1.DesiredState.newBuilder().addHealthChecks(
            dev.vigil.proto.cluster.v1.HealthCheck.newBuilder().setId("x").setType("GOPHER")))).build();

    assertThrows(IllegalArgumentException.class, () -> ControllerState.INITIAL.apply(bad, 1, 1));
  }

  static Command configExpecting(DesiredState desired, long expectedConfigIndex) {
    return config(desired).toBuilder()
        .setApplyConfig(config(desired).getApplyConfig().toBuilder().setExpectedConfigIndex(expectedConfigIndex))
        .build();
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({"0, true", "1, true", "3, false", "4, true"})
  void aConfigComputedAgainstAnOlderConfigIsRejectedNotAppliedOverANewerOne(long expected, boolean rejected) {
    // config index 1 (the fixture), then a newer config at index 3
    ControllerState first = ControllerState.INITIAL.apply(config(Fixtures.failoverState()), 1, 1);
    DesiredState newer = new DesiredState(Fixtures.failoverState().healthChecks(), List.of());
    ControllerState current = first.apply(config(newer), 1, 3);
    Command stale = configExpecting(Fixtures.failoverState(), expected);
    if (rejected) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> current.apply(stale, 1, 5));
      assertEquals(ControllerState.CONFIG_CONFLICT + expected + " (now 3)", e.getMessage());
    } else {
      assertEquals(Fixtures.failoverState(), current.apply(stale, 1, 5).desired());
    }
  }

  @Test
  void aConfigWithoutAnExpectedIndexAlwaysApplies() {
    ControllerState first = ControllerState.INITIAL.apply(config(Fixtures.failoverState()), 1, 1);
    assertEquals(DesiredState.EMPTY, first.apply(config(DesiredState.EMPTY), 1, 2).desired());
  }
}
