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
import dev.vigil.controller.monitor.HealthMonitorTest.FakeSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sick (canary) and suspect agents are left out of the quorum; certificate expiry is tracked per check. */
@Timeout(10)
class AgentExclusionTest {

  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  final FakeClock clock = new FakeClock(T0);
  final FakeSink sink = new FakeSink();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final AtomicReference<ControllerState> state = new AtomicReference<>(HealthMonitorTest.configured(
      new DesiredState(List.of(Fixtures.httpCheck("c1"), Fixtures.httpCheck("c2"), Fixtures.httpCheck("c3")),
          List.of())));
  final HealthMonitor monitor = new HealthMonitor(state::get, new FakeLeadership(), sink, clock, registry);

  ProbeObservation obs(String agent, String region, String check, boolean healthy) {
    return new ProbeObservation(agent, region, check, clock.now, healthy, healthy ? "HTTP 200" : "timeout");
  }

  /** Agent "eu1" sees every check down; "us1" sees them all up. */
  List<ProbeObservation> brokenEuAgent() {
    List<ProbeObservation> all = new ArrayList<>();
    for (String c : List.of("c1", "c2", "c3")) {
      all.add(obs("eu1", "eu", c, false));
      all.add(obs("us1", "us", c, true));
    }
    return all;
  }

  List<String> unhealthyTransitions() {
    return sink.submitted.stream()
        .flatMap(c -> c.getHealthTransitions().getTransitionsList().stream())
        .filter(t -> !t.getHealthy()).map(t -> t.getCheckId()).toList();
  }

  @Test
  void oneDownAgentOfTwoDoesNotFlipAnything() {
    // 1 of 2 healthy (50% > 18%): a broken agent alongside a working one cannot flip a check on its own.
    monitor.observe(brokenEuAgent());
    assertTrue(sink.submitted.isEmpty());
  }

  @Test
  void agentWhoseCanariesFailIsLeftOutOfTheQuorum() {
    monitor.agentNetwork("eu1", "eu", false, T0, Duration.ofSeconds(10), "0 of 1 canary healthy");
    monitor.observe(List.of(obs("eu1", "eu", "c1", false)));
    monitor.tick();

    assertTrue(sink.submitted.isEmpty(), "a sick agent's down vote must not flip c1");
    assertEquals(Optional.of("network: 0 of 1 canary healthy"), monitor.exclusion("eu1"));
  }

  @Test
  void sickAgentCountsAgainOnceItsCanariesRecover() {
    monitor.agentNetwork("eu1", "eu", false, T0, Duration.ofSeconds(10), "0 of 1 canary healthy");
    monitor.observe(List.of(obs("eu1", "eu", "c1", false)));
    assertTrue(sink.submitted.isEmpty());

    monitor.agentNetwork("eu1", "eu", true, T0, Duration.ofSeconds(10), "1 of 1 canary healthy");

    assertEquals(List.of("c1"), unhealthyTransitions());
    assertEquals(Optional.empty(), monitor.exclusion("eu1"));
  }

  /** Five agents in eu and one in us; eu agents report {@code euHealthy}, us1 reports healthy. */
  List<ProbeObservation> regionRound(boolean euHealthy) {
    List<ProbeObservation> all = new ArrayList<>();
    for (String c : List.of("c1", "c2", "c3")) {
      for (int i = 1; i <= 5; i++) {
        all.add(obs("eu" + i, "eu", c, euHealthy));
      }
      all.add(obs("us1", "us", c, true));
    }
    return all;
  }

  @Test
  void aRegionCutOffFromEverythingIsSuspectAndDoesNotFailTheChecks() {
    monitor.observe(regionRound(true));
    clock.now = T0.plusSeconds(1);

    // 1 of 6 agents healthy is 17% <= 18%: counted, the five cut-off agents would fail every check.
    monitor.observe(regionRound(false));
    monitor.tick();

    assertTrue(sink.submitted.isEmpty(), unhealthyTransitions().toString());
    for (int i = 1; i <= 5; i++) {
      assertEquals(Optional.of("suspect: sees 3 of 3 checks down that other regions see up"),
          monitor.exclusion("eu" + i));
    }
    assertEquals(Optional.empty(), monitor.exclusion("us1"));

    // The region recovers: trusted again.
    clock.now = T0.plusSeconds(2);
    monitor.observe(regionRound(true));
    monitor.tick();
    assertEquals(Optional.empty(), monitor.exclusion("eu1"));
  }

  @Test
  void theSameVotesFailTheChecksWhenEveryRegionSeesThem() {
    monitor.observe(regionRound(true));
    clock.now = T0.plusSeconds(1);
    List<ProbeObservation> outage = new ArrayList<>(regionRound(false));
    outage.replaceAll(o -> o.agentId().equals("us1") ? obs("us1", "us", o.checkId(), false) : o);

    monitor.observe(outage);

    assertEquals(List.of("c1", "c2", "c3"), unhealthyTransitions().stream().sorted().toList());
  }

  @Test
  void withoutExclusionTheSameDownVotesWouldFlipTheCheck() {
    monitor.observe(List.of(obs("eu1", "eu", "c1", false)));
    assertEquals(List.of("c1"), unhealthyTransitions());
  }

  @Test
  void reportsTheEarliestCertificateNotAfterAsSecondsLeft() {
    Instant soon = T0.plus(Duration.ofDays(3));
    Instant later = T0.plus(Duration.ofDays(30));
    monitor.observe(List.of(
        new ProbeObservation("eu1", "eu", "c1", T0, true, "HTTP 200", later),
        new ProbeObservation("us1", "us", "c1", T0, true, "HTTP 200", soon)));

    assertEquals(Optional.of(soon), monitor.certificateNotAfter("c1"));
    assertEquals(Optional.of(Duration.ofDays(3)), monitor.certificateExpiresIn("c1"));
    double gauge = registry.get("vigil.controller.certificate.expiry").tag("check", "c1").gauge().value();
    assertEquals(Duration.ofDays(3).toSeconds(), gauge, 0.001);
    assertEquals(Optional.empty(), monitor.certificateNotAfter("c2"));

    state.set(HealthMonitorTest.configured(new DesiredState(List.of(Fixtures.httpCheck("c2")), List.of())));
    monitor.tick();
    assertTrue(registry.find("vigil.controller.certificate.expiry").tag("check", "c1").gauge() == null);
  }
}
