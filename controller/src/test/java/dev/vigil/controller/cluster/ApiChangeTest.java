package dev.vigil.controller.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.Fixtures;
import dev.vigil.controller.model.ApiMetadata;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.proto.cluster.v1.ApiChange;
import dev.vigil.proto.cluster.v1.ApplyConfig;
import dev.vigil.proto.cluster.v1.Command;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ApiChange log entry: applied like ApplyConfig, plus a change record at its own index; kept in snapshots. */
class ApiChangeTest {

  static Command apiChange(DesiredState desired, long expected, String id) {
    return Command.newBuilder().setApiChange(ApiChange.newBuilder()
        .setApply(ApplyConfig.newBuilder().setDesired(StateCodec.toProto(desired)).setSource("test")
            .setExpectedConfigIndex(expected))
        .setChangeId(id).setSubmittedAtUnixMs(1234).setComment("why")).build();
  }

  static DesiredState withMetadata() {
    return Fixtures.failoverState().withApi(new ApiMetadata(
        List.of(new ApiMetadata.Zone("example.test.", "ZX", "ref", "comment", "C0")),
        List.of(new ApiMetadata.Check("web", "hc", 2)), List.of(), List.of("old")));
  }

  @Test
  void anApiChangeAppliesTheStateAndRecordsTheChangeAtItsIndex() {
    ControllerState s = ControllerState.INITIAL.apply(apiChange(withMetadata(), 0, "C1"), 1, 5);
    assertEquals(withMetadata().hostedZones(), s.desired().hostedZones());
    assertEquals(5, s.configIndex());
    assertEquals(new AnswerVersion(1, 5), s.answersVersion());
    assertEquals(new ApiMetadata.Change("C1", 5, Instant.ofEpochMilli(1234), "why"),
        s.desired().api().change("C1").orElseThrow());
    assertEquals("ZX", s.desired().api().zoneId("example.test."));
  }

  @Test
  void anApiChangeComputedAgainstAnOlderConfigIsRejected() {
    ControllerState s = ControllerState.INITIAL.apply(apiChange(withMetadata(), 0, "C1"), 1, 5);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> s.apply(apiChange(DesiredState.EMPTY, 0, "C2"), 1, 6));
    assertTrue(e.getMessage().startsWith(ControllerState.CONFIG_CONFLICT), e.getMessage());
  }

  @Test
  void aDeltaEntryIsAppliedAndCheckedLikeAWholeState() {
    ControllerState s = ControllerState.INITIAL.apply(apiChange(withMetadata(), 0, "C1"), 1, 5);
    DesiredState emptied = new DesiredState(List.of(), List.of(), s.desired().api());
    Command delta = Command.newBuilder().setApiChange(ApiChange.newBuilder()
        .setApply(ApplyConfig.newBuilder().setSource("test").setExpectedConfigIndex(5))
        .setDelta(ApiDeltas.between(s.desired(), emptied).orElseThrow())
        .setChangeId("C2")).build();
    ControllerState after = s.apply(delta, 1, 6);
    assertTrue(after.desired().hostedZones().isEmpty());
    assertEquals(List.of("C1", "C2"), after.desired().api().changes().stream().map(ApiMetadata.Change::id).toList());
    IllegalArgumentException stale = assertThrows(IllegalArgumentException.class, () -> after.apply(delta, 1, 7));
    assertTrue(stale.getMessage().startsWith(ControllerState.CONFIG_CONFLICT), stale.getMessage());
  }

  @Test
  void changeRecordsAreBounded() {
    ApiMetadata api = ApiMetadata.EMPTY;
    for (int i = 0; i < ApiMetadata.MAX_CHANGES + 5; i++) {
      api = api.withChange(new ApiMetadata.Change("C" + i, i, Instant.EPOCH, ""));
    }
    assertEquals(ApiMetadata.MAX_CHANGES, api.changes().size());
    assertEquals("C5", api.changes().getFirst().id());
  }

  @Test
  void metadataRoundTripsThroughTheProtoAndSnapshots() {
    ControllerState s = ControllerState.INITIAL.apply(apiChange(withMetadata(), 0, "C1"), 1, 5);
    assertEquals(s.desired(), StateCodec.fromProto(StateCodec.toProto(s.desired())));
    assertEquals(s, StateCodec.fromSnapshot(StateCodec.toSnapshot(s), 5));
  }
}
