package dev.vigil.controller.cluster;

import dev.vigil.controller.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.Fixtures;
import dev.vigil.controller.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(90)
class RaftNodeTest {

  @TempDir Path dir;

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Await.until(condition, what, Duration.ofSeconds(20));
  }

  RaftNode start(ReplicatedState state, List<RaftMember> members, long snapshotEvery) throws Exception {
    RaftNode node = RaftNode.start("c1", members, dir.resolve("raft"), new VigilStateMachine(state), snapshotEvery);
    assertTrue(node.awaitLeader(Duration.ofSeconds(20)), "single member elects itself");
    return node;
  }

  @Test
  void appliesCommandsAndRecoversThemAfterRestart() throws Exception {
    List<RaftMember> members = List.of(new RaftMember("c1", "127.0.0.1:" + FreePorts.next()));
    ReplicatedState state = new ReplicatedState();
    ControllerState before;
    try (RaftNode node = start(state, members, RaftNode.SNAPSHOT_EVERY)) {
      assertTrue(node.isLeader());

      node.submit(ControllerStateTest.config(Fixtures.failoverState())).get(20, TimeUnit.SECONDS);
      assertEquals(Fixtures.failoverState(), state.current().desired());
      AnswerVersion configured = state.current().answersVersion();

      var result = node.submit(ControllerStateTest.transition("web", false, 42)).get(20, TimeUnit.SECONDS);
      assertFalse(state.current().health().get("web").healthy());
      assertEquals(result.index(), state.current().answersVersion().index());
      assertTrue(state.current().answersVersion().index() > configured.index());
      assertEquals("192.0.2.2", ControllerStateTest.wwwAddress(state.current()));
      assertEquals(node.term(), state.current().answersVersion().term());
      before = state.current();
    }

    ReplicatedState recovered = new ReplicatedState();
    try (RaftNode node = start(recovered, members, RaftNode.SNAPSHOT_EVERY)) {
      await(() -> recovered.current().appliedIndex() >= before.appliedIndex(), "log replay");
      assertEquals(before.desired(), recovered.current().desired());
      assertEquals(before.health(), recovered.current().health());
      assertEquals(before.answersVersion(), recovered.current().answersVersion());
      assertEquals("192.0.2.2", ControllerStateTest.wwwAddress(recovered.current()));
      await(node::caughtUp, "caught up");
    }
  }

  @Test
  void theLeaderSubmitsToItsOwnServerDurablyAndRejectionsFail() throws Exception {
    List<RaftMember> members = List.of(new RaftMember("c1", "127.0.0.1:" + FreePorts.next()));
    ReplicatedState state = new ReplicatedState();
    long index;
    try (RaftNode node = start(state, members, RaftNode.SNAPSHOT_EVERY)) {
      node.submit(ControllerStateTest.config(Fixtures.failoverState())).get(20, TimeUnit.SECONDS);
      var result = node.submitLocal(ControllerStateTest.transition("web", false, 42)).get(20, TimeUnit.SECONDS);
      index = result.index();
      assertTrue(result.reply().startsWith("applied HEALTH_TRANSITIONS"), result.reply());
      assertEquals(index, state.current().appliedIndex(), "applied before the future completes");
      assertFalse(state.current().health().get("web").healthy());

      var stale = node.submitLocal(ControllerStateTest.config(Fixtures.failoverState()).toBuilder()
          .setApplyConfig(ControllerStateTest.config(Fixtures.failoverState()).getApplyConfig().toBuilder()
              .setExpectedConfigIndex(999)).build());
      var error = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
          () -> stale.get(20, TimeUnit.SECONDS));
      assertTrue(error.getCause().getMessage().contains("rejected"), error.getCause().getMessage());
    }
    ReplicatedState recovered = new ReplicatedState();
    try (RaftNode node = start(recovered, members, RaftNode.SNAPSHOT_EVERY)) {
      await(() -> recovered.current().appliedIndex() >= index, "log replay");
      assertFalse(recovered.current().health().get("web").healthy(), "the transition was in the log");
    }
  }

  @Test
  void snapshotsKeepTheStateAcrossRestart() throws Exception {
    List<RaftMember> members = List.of(new RaftMember("c1", "127.0.0.1:" + FreePorts.next()));
    ReplicatedState state = new ReplicatedState();
    ControllerState before;
    try (RaftNode node = start(state, members, 3)) {
      node.submit(ControllerStateTest.config(Fixtures.failoverState())).get(20, TimeUnit.SECONDS);
      for (int i = 0; i < 6; i++) {
        node.submit(ControllerStateTest.transition("web", i % 2 == 0, 100 + i)).get(20, TimeUnit.SECONDS);
      }
      await(() -> snapshotFiles().findAny().isPresent(), "a snapshot");
      before = state.current();
    }

    ReplicatedState recovered = new ReplicatedState();
    try (RaftNode node = start(recovered, members, 3)) {
      await(() -> recovered.current().appliedIndex() >= before.appliedIndex(), "snapshot load and replay");
      assertEquals(before.health(), recovered.current().health());
      assertEquals(before.answersVersion(), recovered.current().answersVersion());
      assertEquals(before.answers(), recovered.current().answers());
    }
  }

  Stream<Path> snapshotFiles() {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("snapshot.")).toList().stream();
    } catch (java.io.IOException e) {
      return Stream.empty();
    }
  }
}
