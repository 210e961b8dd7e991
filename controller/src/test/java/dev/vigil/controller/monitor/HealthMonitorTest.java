package dev.vigil.controller.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.FakeClock;
import dev.vigil.controller.FakeLeadership;
import dev.vigil.controller.Fixtures;
import dev.vigil.controller.cluster.CommandSink;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.cluster.StateCodec;
import dev.vigil.controller.health.ProbeObservation;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.proto.cluster.v1.ApplyConfig;
import dev.vigil.proto.cluster.v1.Command;
import dev.vigil.proto.cluster.v1.HealthTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class HealthMonitorTest {

  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  /** Keeps submitted commands; the test completes them (applies them) when it wants. */
  static final class FakeSink implements CommandSink {
    final List<Command> submitted = new ArrayList<>();
    final List<CompletableFuture<CommandResult>> pending = new ArrayList<>();

    @Override
    public CompletableFuture<CommandResult> submit(Command command) {
      submitted.add(command);
      CompletableFuture<CommandResult> f = new CompletableFuture<>();
      pending.add(f);
      return f;
    }
  }

  final FakeClock clock = new FakeClock(T0);
  final FakeSink sink = new FakeSink();
  final FakeLeadership leadership = new FakeLeadership();
  final AtomicReference<ControllerState> state = new AtomicReference<>(configured(Fixtures.failoverState()));
  final HealthMonitor monitor = new HealthMonitor(state::get, leadership, sink, clock);

  static ControllerState configured(DesiredState desired) {
    return ControllerState.INITIAL.apply(Command.newBuilder()
        .setApplyConfig(ApplyConfig.newBuilder().setDesired(StateCodec.toProto(desired))).build(), 1, 1);
  }

  ProbeObservation obs(String agent, boolean healthy) {
    return new ProbeObservation(agent, "eu", "web", clock.now, healthy, healthy ? "HTTP 200" : "connection refused");
  }

  /** What the leader's state machine would do with the command, then the reply. */
  void applyPending() {
    for (int i = 0; i < sink.pending.size(); i++) {
      state.set(state.get().apply(sink.submitted.get(i), 1, state.get().appliedIndex() + 1));
      sink.pending.get(i).complete(new CommandSink.CommandResult(state.get().appliedIndex(), "applied"));
    }
    sink.pending.clear();
    sink.submitted.clear();
  }

  @Test
  void failingAgentFlipsCheckUnhealthyWithOneCommandAtOnce() {
    monitor.observe(List.of(obs("a1", false)));

    assertEquals(1, sink.submitted.size());
    HealthTransition t = sink.submitted.get(0).getHealthTransitions().getTransitions(0);
    assertEquals("web", t.getCheckId());
    assertFalse(t.getHealthy());
    assertEquals(T0.toEpochMilli(), t.getAtUnixMs());
    assertTrue(t.getCause().contains("0 of 1"), t.getCause());
  }

  @Test
  void neverResubmitsWhileTransitionInFlight() {
    monitor.observe(List.of(obs("a1", false)));
    monitor.observe(List.of(obs("a1", false)));
    monitor.tick();

    assertEquals(1, sink.submitted.size());
  }

  @Test
  void appliedTransitionIsNotSubmittedAgain() {
    monitor.observe(List.of(obs("a1", false)));
    applyPending();

    monitor.observe(List.of(obs("a1", false)));
    monitor.tick();

    assertTrue(sink.submitted.isEmpty());
    assertFalse(state.get().health().get("web").healthy());
  }

  @Test
  void failedSubmissionIsRetriedOnNextRound() {
    monitor.observe(List.of(obs("a1", false)));
    sink.pending.get(0).completeExceptionally(new IllegalStateException("lost leadership"));
    sink.submitted.clear();
    sink.pending.clear();

    monitor.tick();

    assertEquals(1, sink.submitted.size());
  }

  @Test
  void recoveryFlipsBackHealthy() {
    monitor.observe(List.of(obs("a1", false)));
    applyPending();
    clock.now = T0.plusSeconds(1);

    monitor.observe(List.of(obs("a1", true)));

    assertTrue(sink.submitted.get(0).getHealthTransitions().getTransitions(0).getHealthy());
  }

  @Test
  void nonLeaderKeepsViewsButNeverSubmits() {
    leadership.leader = false;

    monitor.observe(List.of(obs("a1", false)));
    monitor.tick();

    assertTrue(sink.submitted.isEmpty());
    assertEquals(1, monitor.views("web").size());
    assertFalse(monitor.views("web").get(0).healthy());

    leadership.leader = true; // a new leader decides from its warm views, no cold start
    monitor.tick();
    assertEquals(1, sink.submitted.size());
  }

  @Test
  void oneHealthyAgentOfTwoKeepsCheckHealthy() {
    monitor.observe(List.of(obs("a1", false), obs("a2", true)));

    assertTrue(sink.submitted.isEmpty(), "50% > 18% is healthy");
  }

  @Test
  void staleHealthyAgentStopsCountingOnTick() {
    monitor.observe(List.of(obs("a1", true)));
    clock.now = T0.plusSeconds(2);
    monitor.observe(List.of(obs("a2", false)));
    assertTrue(sink.submitted.isEmpty());

    clock.now = T0.plus(Duration.ofMillis(3_500)); // a1's result is older than 3 x 1 s interval
    monitor.tick();

    assertEquals(1, sink.submitted.size());
    assertFalse(sink.submitted.get(0).getHealthTransitions().getTransitions(0).getHealthy());
  }

  @Test
  void observationsForUnknownChecksAreCountedAndIgnored() {
    int unknown = monitor.observe(List.of(
        new ProbeObservation("a1", "eu", "ghost", T0, false, "x"), obs("a1", true)));

    assertEquals(1, unknown);
    assertTrue(monitor.views("ghost").isEmpty());
    assertTrue(sink.submitted.isEmpty());
  }

  @Test
  void removedCheckViewsAreForgottenOnTick() {
    monitor.observe(List.of(obs("a1", true)));
    state.set(state.get().apply(Command.newBuilder().setApplyConfig(ApplyConfig.newBuilder()
        .setDesired(StateCodec.toProto(DesiredState.EMPTY))).build(), 1, 5));

    monitor.tick();

    assertTrue(monitor.views("web").isEmpty());
  }
}
