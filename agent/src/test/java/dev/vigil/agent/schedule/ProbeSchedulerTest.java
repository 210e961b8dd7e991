package dev.vigil.agent.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.agent.probe.Check;
import dev.vigil.agent.probe.Observation;
import dev.vigil.agent.probe.ProbeResult;
import dev.vigil.agent.probe.ProbeSpec;
import dev.vigil.agent.probe.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProbeSchedulerTest {

  private static final String AGENT = "agent-eu";
  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  private final ManualTimer timer = new ManualTimer(T0);
  private final List<Observation> observed = new CopyOnWriteArrayList<>();
  private final List<Duration> lateness = new ArrayList<>();

  private ProbeScheduler scheduler(Executor executor) {
    ProbeEvents events = new ProbeEvents() {
      @Override
      public void fired(Duration late) {
        lateness.add(late);
      }
    };
    return new ProbeScheduler(AGENT, timer, timer, executor,
        check -> ProbeResult.healthy("ok " + check.target().port(), "127.0.0.1", 200, null, 0), observed::add,
        events);
  }

  private static Check check(String id, int intervalSeconds, int port) {
    return new Check(id, new ProbeSpec.Tcp(), new Target("127.0.0.1", "", port), Duration.ofSeconds(intervalSeconds),
        false);
  }

  private List<Long> firesOf(String id) {
    return observed.stream().filter(o -> o.checkId().equals(id)).map(Observation::observedAtMillis).toList();
  }

  @Test
  void firesAtStableOffsetEveryIntervalWithoutDrift() {
    ProbeScheduler s = scheduler(Runnable::run);
    s.apply(List.of(check("a", 10, 1)));
    timer.advanceTo(T0.plus(Duration.ofMinutes(10)));
    long offset = SlotPlan.offsetMillis(AGENT, "a", 10_000);
    List<Long> fires = firesOf("a");
    assertEquals(60, fires.size());
    for (int k = 0; k < fires.size(); k++) {
      assertEquals(T0.toEpochMilli() + offset + k * 10_000L, fires.get(k), "fire " + k);
    }
    assertTrue(lateness.stream().allMatch(Duration::isZero));
  }

  @Test
  void differentChecksFireAtDifferentPhases() {
    ProbeScheduler s = scheduler(Runnable::run);
    s.apply(List.of(check("a", 10, 1), check("b", 10, 1), check("c", 10, 1)));
    timer.advanceTo(T0.plusSeconds(10));
    assertEquals(3, observed.size());
    assertEquals(3, observed.stream().map(Observation::observedAtMillis).distinct().count());
  }

  @Test
  void skipsSlotWhileProbeStillRunning() {
    Queue<Runnable> running = new ArrayDeque<>();
    ProbeScheduler s = scheduler(running::add);
    s.apply(List.of(check("a", 1, 1)));
    timer.advanceTo(T0.plusSeconds(1));
    assertEquals(1, running.size());
    timer.advanceTo(T0.plusSeconds(5));
    assertEquals(1, running.size(), "no new probe while one runs");
    assertEquals(4, s.skipped());
    running.poll().run();
    timer.advanceTo(T0.plusSeconds(6));
    assertEquals(1, running.size());
    assertEquals(4, s.skipped());
  }

  @Test
  void skipsSlotsBeyondTheInFlightLimitInsteadOfOpeningMoreSockets() {
    Queue<Runnable> running = new ArrayDeque<>();
    ProbeScheduler s = new ProbeScheduler(AGENT, timer, timer, running::add,
        check -> ProbeResult.healthy("ok", "127.0.0.1", 200, null, 0), observed::add, ProbeEvents.NONE, 2);
    s.apply(List.of(check("a", 10, 1), check("b", 10, 1), check("c", 10, 1)));
    timer.advanceTo(T0.plusSeconds(10));
    assertEquals(2, running.size(), "at most 2 probes at once");
    assertEquals(1, s.skipped());

    running.poll().run();
    running.poll().run();
    timer.advanceTo(T0.plusSeconds(20));
    assertEquals(2, running.size());
    assertEquals(2, s.skipped());
    assertEquals(2, observed.size(), "skipped slots report nothing, never a false failure");
  }

  @Test
  void changedCheckKeepsItsPhaseAndNewSettingsApplyAtNextSlot() {
    ProbeScheduler s = scheduler(Runnable::run);
    s.apply(List.of(check("a", 10, 1)));
    timer.advanceTo(T0.plusSeconds(25));
    Instant pending = s.nextSlot("a").orElseThrow();
    s.apply(List.of(check("a", 10, 2)));
    assertEquals(pending, s.nextSlot("a").orElseThrow(), "same slot after an edit");
    timer.advanceTo(T0.plusSeconds(60));
    long offset = SlotPlan.offsetMillis(AGENT, "a", 10_000);
    List<Long> fires = firesOf("a");
    for (int k = 0; k < fires.size(); k++) {
      assertEquals(T0.toEpochMilli() + offset + k * 10_000L, fires.get(k));
    }
    assertTrue(observed.getLast().result().detail().endsWith(" 2"), "new target used after the edit");
  }

  @Test
  void assignmentChangeMidRunCausesNoBurst() {
    ProbeScheduler s = scheduler(Runnable::run);
    List<Check> first = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      first.add(check("c" + i, 10, 1));
    }
    s.apply(first);
    timer.advanceTo(T0.plusSeconds(35));
    int before = observed.size();
    List<Check> second = new ArrayList<>(first.subList(10, 50));
    for (int i = 50; i < 60; i++) {
      second.add(check("c" + i, 10, 1));
    }
    s.apply(second);
    assertEquals(before, observed.size(), "applying fires nothing by itself");
    timer.advanceTo(T0.plusSeconds(45));
    assertEquals(before + 50, observed.size(), "one probe per check in the next interval");
    assertEquals(50, s.size());
    assertTrue(observed.subList(before, observed.size()).stream()
        .noneMatch(o -> List.of("c0", "c1", "c9").contains(o.checkId())), "removed checks stop");
  }

  @Test
  void removedChecksStopAndIntervalChangeMovesToNewSlots() {
    ProbeScheduler s = scheduler(Runnable::run);
    s.apply(List.of(check("a", 10, 1), check("b", 10, 1)));
    timer.advanceTo(T0.plusSeconds(20));
    s.apply(List.of(check("b", 30, 1)));
    assertEquals(1, timer.pending());
    observed.clear();
    timer.advanceTo(T0.plusSeconds(200));
    List<Long> fires = firesOf("b");
    long offset = SlotPlan.offsetMillis(AGENT, "b", 30_000);
    assertTrue(firesOf("a").isEmpty());
    assertTrue(fires.size() >= 5 && fires.size() <= 7);
    fires.forEach(f -> assertEquals(offset, Math.floorMod(f, 30_000L)));
  }

  @Test
  void lateTimerSkipsMissedSlotsInsteadOfCatchingUp() {
    ProbeScheduler s = scheduler(Runnable::run);
    s.apply(List.of(check("a", 1, 1)));
    Instant due = s.nextSlot("a").orElseThrow();
    // The timer thread was stalled: the clock is 3.5 s past the due slot when the task runs.
    timer.runNextLate(Duration.ofMillis(3500));
    assertEquals(1, observed.size());
    assertEquals(List.of(Duration.ofMillis(3500)), lateness);
    assertEquals(due.plusSeconds(4), s.nextSlot("a").orElseThrow(), "next slot after now, missed ones skipped");
    assertEquals(1, timer.pending());
  }

  @Test
  void closeCancelsEverything() {
    ProbeScheduler s = scheduler(Runnable::run);
    s.apply(List.of(check("a", 1, 1)));
    s.close();
    timer.advanceTo(T0.plusSeconds(10));
    assertTrue(observed.isEmpty());
    assertEquals(0, s.size());
  }

  @Test
  void probeNowRunsOnceOutOfScheduleWithoutMovingTheRegularSlot() {
    ProbeScheduler s = scheduler(Runnable::run);
    s.apply(List.of(check("a", 10, 1)));
    Instant pending = s.nextSlot("a").orElseThrow();
    timer.advanceTo(T0.plusMillis(1));

    assertEquals(List.of(ProbeScheduler.ProbeNowOutcome.RUN, ProbeScheduler.ProbeNowOutcome.UNKNOWN_CHECK),
        s.probeNow(List.of("a", "not-assigned")));
    assertEquals(1, observed.size());
    assertTrue(observed.getFirst().requested(), "a confirm probe is flagged");
    assertEquals(T0.toEpochMilli() + 1, observed.getFirst().observedAtMillis());
    assertEquals(pending, s.nextSlot("a").orElseThrow(), "the regular slot does not move");

    timer.advanceTo(pending);
    assertEquals(2, observed.size(), "the regular slot still fires");
    assertTrue(!observed.get(1).requested());
  }

  @Test
  void probeNowIsLimitedToOncePerCheckPerInterval() {
    ProbeScheduler s = scheduler(Runnable::run);
    s.apply(List.of(check("a", 10, 1)));
    assertEquals(List.of(ProbeScheduler.ProbeNowOutcome.RUN), s.probeNow(List.of("a")));
    timer.advanceTo(T0.plusMillis(9_999));
    int regular = observed.size() - 1;
    assertEquals(List.of(ProbeScheduler.ProbeNowOutcome.RATE_LIMITED), s.probeNow(List.of("a")));
    assertEquals(1 + regular, observed.size(), "a duplicate request (another controller) probes nothing");
    timer.advanceTo(T0.plusSeconds(10));
    assertEquals(List.of(ProbeScheduler.ProbeNowOutcome.RUN), s.probeNow(List.of("a")));
  }

  @Test
  void probeNowSkipsChecksWhoseProbeRunsAndRespectsTheInFlightLimit() {
    Queue<Runnable> running = new ArrayDeque<>();
    ProbeScheduler s = new ProbeScheduler(AGENT, timer, timer, running::add,
        check -> ProbeResult.healthy("ok", "127.0.0.1", 200, null, 0), observed::add, ProbeEvents.NONE, 2);
    s.apply(List.of(check("a", 10, 1), check("b", 10, 1), check("c", 10, 1)));

    assertEquals(List.of(ProbeScheduler.ProbeNowOutcome.RUN, ProbeScheduler.ProbeNowOutcome.RATE_LIMITED,
            ProbeScheduler.ProbeNowOutcome.RUN, ProbeScheduler.ProbeNowOutcome.AT_MAX_IN_FLIGHT),
        s.probeNow(List.of("a", "a", "b", "c")));
    assertEquals(2, running.size());
    running.poll().run();
    running.poll().run();
    assertEquals(2, observed.size());
    assertTrue(observed.stream().allMatch(Observation::requested));
    assertEquals(List.of(ProbeScheduler.ProbeNowOutcome.RUN), s.probeNow(List.of("c")),
        "a check skipped for the limit is not rate limited");
  }

  @Test
  void probeNowSkipsACheckWhoseRegularProbeRuns() {
    Queue<Runnable> running = new ArrayDeque<>();
    ProbeScheduler s = scheduler(running::add);
    s.apply(List.of(check("a", 10, 1)));
    timer.advanceTo(T0.plusSeconds(10));
    assertEquals(1, running.size());
    assertEquals(List.of(ProbeScheduler.ProbeNowOutcome.ALREADY_RUNNING), s.probeNow(List.of("a")),
        "its result is on its way");
    running.poll().run();
    assertEquals(List.of(ProbeScheduler.ProbeNowOutcome.RUN), s.probeNow(List.of("a")));
  }

  @Test
  void aRunningConfirmProbeDoesNotSkipTheRegularSlot() {
    Queue<Runnable> running = new ArrayDeque<>();
    ProbeScheduler s = scheduler(running::add);
    s.apply(List.of(check("a", 10, 1)));
    s.probeNow(List.of("a"));
    assertEquals(1, running.size());
    timer.advanceTo(T0.plusSeconds(10));
    assertEquals(2, running.size(), "the regular probe starts while the confirm probe still runs");
    assertEquals(0, s.skipped());
  }
}
