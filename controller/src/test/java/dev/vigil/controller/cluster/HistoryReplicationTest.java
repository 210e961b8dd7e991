package dev.vigil.controller.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.Await;
import dev.vigil.controller.Fixtures;
import dev.vigil.controller.FreePorts;
import dev.vigil.controller.history.HistoryEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three real Raft members in one JVM: every member derives the same history, and it survives a leader change. */
@Timeout(120)
class HistoryReplicationTest {

  @TempDir Path dir;
  final List<RaftNode> nodes = new ArrayList<>();
  final List<ReplicatedState> states = new ArrayList<>();

  @AfterEach
  void stop() {
    nodes.forEach(n -> {
      try {
        n.close();
      } catch (RuntimeException e) {
        // already closed
      }
    });
  }

  RaftNode leader() {
    return leaderOtherThan(null);
  }

  /** A closed member may still say it leads; ask only the others. */
  RaftNode leaderOtherThan(RaftNode gone) {
    return nodes.stream().filter(n -> n != gone && n.isLeader()).findFirst().orElse(null);
  }

  @Test
  void everyMemberHasTheSameHistoryAndItOutlivesTheLeader() throws Exception {
    List<RaftMember> members = List.of(new RaftMember("c1", "127.0.0.1:" + FreePorts.next()),
        new RaftMember("c2", "127.0.0.1:" + FreePorts.next()), new RaftMember("c3", "127.0.0.1:" + FreePorts.next()));
    for (RaftMember m : members) {
      ReplicatedState state = new ReplicatedState();
      states.add(state);
      nodes.add(RaftNode.start(m.id(), members, dir.resolve(m.id()), new VigilStateMachine(state)));
    }
    Await.until(() -> leader() != null, "a leader", Duration.ofSeconds(60));
    RaftNode first = leader();
    first.submit(ControllerStateTest.config(Fixtures.failoverState())).get(30, TimeUnit.SECONDS);
    long index = first.submit(ControllerStateTest.transition("web", false, 1_000)).get(30, TimeUnit.SECONDS).index();
    Await.until(() -> states.stream().allMatch(s -> s.current().appliedIndex() >= index), "all applied",
        Duration.ofSeconds(30));
    List<HistoryEntry> before = states.get(0).current().history().entries();
    assertTrue(before.stream().anyMatch(e -> e.kind() == HistoryEntry.Kind.HEALTH && e.index() == index), before.toString());
    states.forEach(s -> assertEquals(before, s.current().history().entries()));

    int gone = nodes.indexOf(first);
    first.close();
    Await.until(() -> leaderOtherThan(first) != null, "a new leader", Duration.ofSeconds(60));
    RaftNode second = leaderOtherThan(first);
    long next = second.submit(ControllerStateTest.transition("web", true, 2_000)).get(30, TimeUnit.SECONDS).index();
    List<ReplicatedState> alive = new ArrayList<>(states);
    alive.remove(gone);
    Await.until(() -> alive.stream().allMatch(s -> s.current().appliedIndex() >= next), "survivors applied",
        Duration.ofSeconds(30));
    List<HistoryEntry> after = alive.get(0).current().history().entries();
    assertEquals(before, after.subList(0, before.size()));
    assertTrue(after.stream().anyMatch(e -> e.index() == next && e.kind() == HistoryEntry.Kind.HEALTH
        && e.after().equals("healthy")), after.toString());
    alive.forEach(s -> assertEquals(after, s.current().history().entries()));
  }
}
