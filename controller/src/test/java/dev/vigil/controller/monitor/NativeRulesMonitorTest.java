package dev.vigil.controller.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.FakeClock;
import dev.vigil.controller.FakeLeadership;
import dev.vigil.controller.Fixtures;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.health.ProbeObservation;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.FlapDamping;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.proto.cluster.v1.HealthTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The leader's side of the native rules: rise/fall per agent, hold-down release on a tick, calculated checks. */
@Timeout(10)
class NativeRulesMonitorTest {

  static final Instant T0 = HealthMonitorTest.T0;

  final FakeClock clock = new FakeClock(T0);
  final HealthMonitorTest.FakeSink sink = new HealthMonitorTest.FakeSink();
  final FakeLeadership leadership = new FakeLeadership();
  final AtomicReference<ControllerState> state = new AtomicReference<>();
  final HealthMonitor monitor = new HealthMonitor(state::get, leadership, sink, clock);

  void configure(HealthCheck... checks) {
    state.set(HealthMonitorTest.configured(new DesiredState(List.of(checks), Fixtures.failoverState().hostedZones())));
  }

  ProbeObservation obs(String check, boolean healthy) {
    return new ProbeObservation("a1", "eu", check, clock.now, healthy, healthy ? "HTTP 200" : "HTTP 503");
  }

  void applyPending() {
    for (int i = 0; i < sink.pending.size(); i++) {
      state.set(state.get().apply(sink.submitted.get(i), 1, state.get().appliedIndex() + 1));
      sink.pending.get(i).complete(
          new dev.vigil.controller.cluster.CommandSink.CommandResult(state.get().appliedIndex(), "applied"));
    }
    sink.pending.clear();
    sink.submitted.clear();
  }

  void step(String check, boolean healthy) {
    clock.now = clock.now.plusSeconds(1);
    monitor.observe(List.of(obs(check, healthy)));
    applyPending();
  }

  @Test
  void usesTheFallThresholdDownAndTheRiseThresholdUp() {
    configure(Fixtures.check("web", 3, false, false, List.of()).withThresholds(3, 1));
    step("web", false);
    assertFalse(state.get().isHealthy("web"), "fall threshold 1: one failure");
    step("web", true);
    step("web", true);
    assertFalse(state.get().isHealthy("web"), "rise threshold 3: two successes are not enough");
    step("web", true);
    assertTrue(state.get().isHealthy("web"));
  }

  @Test
  void releasesAHeldDownCheckOnATickOnceTheHoldDownHasRunOut() {
    configure(Fixtures.check("web", 1, false, false, List.of()).withDamping(FlapDamping.OFF, 30));
    step("web", false);
    step("web", true); // verdict healthy at T0+2s, held down
    assertFalse(state.get().isHealthy("web"));
    assertTrue(state.get().memoryOf("web").verdict());

    clock.now = T0.plusSeconds(31); // the agent keeps reporting healthy (fresh), 29 s of hold-down so far
    monitor.observe(List.of(obs("web", true)));
    assertTrue(sink.submitted.isEmpty());

    clock.now = T0.plusSeconds(32);
    monitor.observe(List.of(obs("web", true)));
    monitor.tick();
    assertEquals(1, sink.submitted.size());
    HealthTransition t = sink.submitted.get(0).getHealthTransitions().getTransitions(0);
    assertTrue(t.getHealthy());
    applyPending();
    assertTrue(state.get().isHealthy("web"));
    assertEquals(T0.plusSeconds(32), state.get().health().get("web").since());
    assertTrue(state.get().health().get("web").cause().startsWith("healthy for 30 s >= failback hold-down 30 s; "),
        state.get().health().get("web").cause());
  }

  @Test
  void aCalculatedCheckIsNeverProbedAndFollowsItsChildWithoutItsOwnCommand() {
    configure(Fixtures.check("web", 1, false, false, List.of()), HealthCheck.calculated("calc", List.of("web"), 1));
    step("web", false);
    assertFalse(state.get().isHealthy("calc"));
    assertEquals(List.of("web"), dev.vigil.controller.assign.Assignments.forRegion(state.get().desired(), "eu")
        .stream().map(dev.vigil.proto.agent.v1.CheckSpec::getId).toList());
    monitor.tick();
    assertTrue(sink.submitted.isEmpty(), "the state machine already re-evaluated calc");
  }

  @Test
  void aCalculatedCheckWithHoldDownIsReleasedByTheLeader() {
    configure(Fixtures.check("web", 1, false, false, List.of()),
        HealthCheck.calculated("calc", List.of("web"), 1).withDamping(FlapDamping.OFF, 10));
    step("web", false);
    step("web", true);
    assertTrue(state.get().isHealthy("web"));
    assertFalse(state.get().isHealthy("calc"));
    clock.now = clock.now.plus(Duration.ofSeconds(10));
    monitor.tick();
    assertEquals(List.of("calc"), sink.submitted.stream()
        .flatMap(c -> c.getHealthTransitions().getTransitionsList().stream()).map(HealthTransition::getCheckId).toList());
    applyPending();
    assertTrue(state.get().isHealthy("calc"));
  }
}
