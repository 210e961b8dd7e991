package dev.vigil.controller.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.FakeClock;
import dev.vigil.controller.FakeLeadership;
import dev.vigil.controller.Fixtures;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.health.ProbeObservation;
import dev.vigil.proto.cluster.v1.HealthTransition;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Decisions follow the batches at once, off the agents' threads, coalesced; the tick is only for staleness. */
@Timeout(10)
class EventDrivenDecisionsTest {

  final FakeClock clock = new FakeClock(HealthMonitorTest.T0);
  final HealthMonitorTest.FakeSink sink = new HealthMonitorTest.FakeSink();
  final FakeLeadership leadership = new FakeLeadership();
  final AtomicReference<ControllerState> state =
      new AtomicReference<>(HealthMonitorTest.configured(Fixtures.failoverState()));
  final Queue<Runnable> decider = new ArrayDeque<>();

  ProbeObservation obs(String agent, boolean healthy) {
    return new ProbeObservation(agent, "eu", "web", clock.now, healthy, healthy ? "HTTP 200" : "connection refused");
  }

  void applyPending() {
    List<java.util.concurrent.CompletableFuture<dev.vigil.controller.cluster.CommandSink.CommandResult>> pending =
        new ArrayList<>(sink.pending);
    List<dev.vigil.proto.cluster.v1.Command> submitted = new ArrayList<>(sink.submitted);
    sink.pending.clear();
    sink.submitted.clear();
    for (int i = 0; i < pending.size(); i++) {
      state.set(state.get().apply(submitted.get(i), 1, state.get().appliedIndex() + 1));
      pending.get(i).complete(new dev.vigil.controller.cluster.CommandSink.CommandResult(
          state.get().appliedIndex(), "applied"));
    }
  }

  @Test
  void batchesAreDecidedOnTheDecidersThreadOnceForABurst() {
    HealthMonitor monitor = new HealthMonitor(state::get, leadership, sink, clock, null, decider::add);
    monitor.observe(List.of(obs("a1", false)));
    monitor.observe(List.of(obs("a2", false)));
    monitor.observe(List.of(obs("a3", false)));

    assertTrue(sink.submitted.isEmpty(), "the caller (an agent's gRPC thread) does not decide");
    assertEquals(1, decider.size(), "one drain for the burst");
    decider.poll().run();
    assertEquals(1, sink.submitted.size());
    HealthTransition t = sink.submitted.getFirst().getHealthTransitions().getTransitions(0);
    assertFalse(t.getHealthy());
    assertTrue(t.getCause().startsWith("0 of 3"), t.getCause());
  }

  @Test
  void resultsThatArrivedWhileATransitionWasInFlightAreDecidedWhenItIsApplied() {
    HealthMonitor monitor = new HealthMonitor(state::get, leadership, sink, clock);
    monitor.observe(List.of(obs("a1", false)));
    assertEquals(1, sink.submitted.size());

    monitor.observe(List.of(obs("a1", true))); // skipped: "web" is in flight
    assertEquals(1, sink.submitted.size());

    applyPending();
    assertEquals(1, sink.submitted.size(), "decided again as soon as the transition applied, without a tick");
    assertTrue(sink.submitted.getFirst().getHealthTransitions().getTransitions(0).getHealthy());
  }

  @Test
  void aFailedTransitionWaitsForTheNextBatchOrTick() {
    HealthMonitor monitor = new HealthMonitor(state::get, leadership, sink, clock);
    monitor.observe(List.of(obs("a1", false)));
    sink.pending.getFirst().completeExceptionally(new IllegalStateException("lost leadership"));
    assertEquals(1, sink.submitted.size(), "no retry loop on failure");
    monitor.tick();
    assertEquals(2, sink.submitted.size());
  }

  @Test
  void theQueueCoalescesAndSurvivesAFailingDecision() {
    List<Set<String>> decided = new ArrayList<>();
    Queue<Runnable> executor = new ArrayDeque<>();
    DecisionQueue queue = new DecisionQueue(executor::add, ids -> {
      decided.add(Set.copyOf(ids));
      if (ids.contains("boom")) {
        throw new IllegalStateException("boom");
      }
    });
    queue.request(List.of("a", "boom"));
    queue.request(List.of("b"));
    queue.request(List.of());
    assertEquals(1, executor.size());
    executor.poll().run();
    assertEquals(List.of(Set.of("a", "boom", "b")), decided);

    queue.request(List.of("c"));
    assertEquals(1, executor.size(), "a new drain after the failed one");
    executor.poll().run();
    assertEquals(Set.of("c"), decided.getLast());
  }
}
