package dev.vigil.agent.schedule;

import dev.vigil.agent.probe.Check;
import dev.vigil.agent.probe.FailureKind;
import dev.vigil.agent.probe.Observation;
import dev.vigil.agent.probe.Probe;
import dev.vigil.agent.probe.ProbeResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires every check at its slots (see {@link SlotPlan}) and hands each probe to the probe executor. A slot whose
 * previous probe is still running is skipped, and so is one that finds {@code maxInFlight} probes running. {@link #apply} swaps the check set without restart and without a
 * burst: unchanged intervals keep their pending slot, new or re-timed checks start at their next slot.
 */
public final class ProbeScheduler implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ProbeScheduler.class);

  private final String agentId;
  private final Clock clock;
  private final TaskScheduler timer;
  private final Executor probeExecutor;
  private final Probe probe;
  private final Consumer<Observation> sink;
  private final ProbeEvents events;
  private final Map<String, Entry> entries = new HashMap<>();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final int maxInFlight;
  private boolean closed;

  public ProbeScheduler(String agentId, Clock clock, TaskScheduler timer, Executor probeExecutor, Probe probe,
      Consumer<Observation> sink, ProbeEvents events) {
    this(agentId, clock, timer, probeExecutor, probe, sink, events, Integer.MAX_VALUE);
  }

  /**
   * @param maxInFlight probes (open sockets) allowed at once; a slot that finds this many running is skipped and
   *     counted instead of failing with "too many open files" and reporting a false "down"
   */
  public ProbeScheduler(String agentId, Clock clock, TaskScheduler timer, Executor probeExecutor, Probe probe,
      Consumer<Observation> sink, ProbeEvents events, int maxInFlight) {
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
    this.agentId = agentId;
    this.clock = clock;
    this.timer = timer;
    this.probeExecutor = probeExecutor;
    this.probe = probe;
    this.sink = sink;
    this.events = events;
  }

  /** Makes {@code checks} the complete set of checks to run. */
  public synchronized void apply(Collection<Check> checks) {
    if (closed) {
      return;
    }
    Map<String, Check> desired = new HashMap<>();
    checks.forEach(c -> desired.put(c.id(), c));
    entries.values().removeIf(e -> {
      if (desired.containsKey(e.plan.check().id())) {
        return false;
      }
      e.cancel();
      return true;
    });
    Instant now = clock.instant();
    for (Check check : desired.values()) {
      Entry existing = entries.get(check.id());
      if (existing != null && existing.plan.check().interval().equals(check.interval())) {
        existing.plan = new Planned(check, existing.plan.slots());
        continue;
      }
      if (existing != null) {
        existing.cancel();
      }
      Entry entry = new Entry(new Planned(check, SlotPlan.of(agentId, check.id(), check.interval().toMillis())));
      entries.put(check.id(), entry);
      arm(entry, entry.plan.slots().nextAfter(now));
    }
  }

  public synchronized int size() {
    return entries.size();
  }

  /** Slots skipped since start because the previous probe of the check was still running. */
  public long skipped() {
    return skipped.get();
  }

  /**
   * Runs one out-of-schedule probe ("confirm probe", asked for by a controller's ProbeNow) of each listed check
   * this scheduler runs; ids it does not run are ignored. The regular slots are not moved. A check is confirmed at
   * most once per its interval, not while a confirm probe of it runs, and not while its regular probe runs (that
   * result is on its way); a probe that would exceed {@code maxInFlight} is skipped. Results carry
   * {@code requested = true}.
   *
   * @return what happened to each listed id, in order
   */
  public List<ProbeNowOutcome> probeNow(Collection<String> checkIds) {
    List<ProbeNowOutcome> outcomes = new ArrayList<>(checkIds.size());
    List<Entry> toRun = new ArrayList<>();
    synchronized (this) {
      Instant now = clock.instant();
      for (String id : checkIds) {
        Entry entry = closed ? null : entries.get(id);
        ProbeNowOutcome outcome;
        if (entry == null) {
          outcome = ProbeNowOutcome.UNKNOWN_CHECK;
        } else if (entry.lastConfirm != null
            && now.isBefore(entry.lastConfirm.plus(entry.plan.check().interval()))) {
          outcome = ProbeNowOutcome.RATE_LIMITED;
        } else if (entry.running.get() || entry.confirming.get()) {
          outcome = ProbeNowOutcome.ALREADY_RUNNING;
        } else if (inFlight.get() >= maxInFlight) {
          outcome = ProbeNowOutcome.AT_MAX_IN_FLIGHT;
        } else {
          entry.confirming.set(true);
          entry.lastConfirm = now;
          inFlight.incrementAndGet();
          toRun.add(entry);
          outcome = ProbeNowOutcome.RUN;
        }
        outcomes.add(outcome);
        events.probeNow(outcome);
      }
    }
    for (Entry entry : toRun) {
      Check check = entry.plan.check();
      probeExecutor.execute(() -> runProbe(entry, check, true));
    }
    return outcomes;
  }

  /** What {@link #probeNow} did with one requested check. */
  public enum ProbeNowOutcome { RUN, UNKNOWN_CHECK, RATE_LIMITED, ALREADY_RUNNING, AT_MAX_IN_FLIGHT }

  /** The pending slot of a check, if it is scheduled. */
  public synchronized Optional<Instant> nextSlot(String checkId) {
    Entry e = entries.get(checkId);
    return e == null ? Optional.empty() : Optional.of(e.due);
  }

  @Override
  public synchronized void close() {
    closed = true;
    entries.values().forEach(Entry::cancel);
    entries.clear();
  }

  private void arm(Entry entry, Instant due) {
    entry.due = due;
    entry.timer = timer.schedule(due, () -> fire(entry, due));
  }

  private void fire(Entry entry, Instant due) {
    Check toRun = null;
    synchronized (this) {
      if (entry.cancelled || entries.get(entry.plan.check().id()) != entry) {
        return;
      }
      Instant now = clock.instant();
      events.fired(now.isAfter(due) ? Duration.between(due, now) : Duration.ZERO);
      if (inFlight.get() < maxInFlight && entry.running.compareAndSet(false, true)) {
        inFlight.incrementAndGet();
        toRun = entry.plan.check();
      } else {
        skipped.incrementAndGet();
        events.skipped(entry.plan.check());
      }
      arm(entry, entry.plan.slots().nextAfter(base(due, now, entry.plan.slots())));
    }
    if (toRun != null) {
      Check check = toRun;
      probeExecutor.execute(() -> runProbe(entry, check, false));
    }
  }

  /** Next slot counts from the later of due and now (late timers skip missed slots); a clock set back restarts from now. */
  private static Instant base(Instant due, Instant now, SlotPlan plan) {
    if (now.isBefore(due.minusMillis(plan.intervalMillis()))) {
      return now;
    }
    return now.isAfter(due) ? now : due;
  }

  private void runProbe(Entry entry, Check check, boolean requested) {
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    try {
      ProbeResult result;
      try {
        result = probe.run(check);
      } catch (RuntimeException e) {
        log.warn("event=probe.crashed check={} error={}", check.id(), e.toString(), e);
        result = ProbeResult.failed(FailureKind.NETWORK_ERROR, "probe error: " + e, "", 0, null, 0);
      }
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      events.completed(check, result, took);
      if (log.isDebugEnabled()) {
        log.debug("event=probe.result check={} healthy={} failure={} detail=\"{}\" took_ms={}", check.id(),
            result.healthy(), result.failure(), result.detail(), took.toMillis());
      }
      sink.accept(new Observation(check.id(), started.toEpochMilli(), result, requested));
    } finally {
      inFlight.decrementAndGet();
      (requested ? entry.confirming : entry.running).set(false);
    }
  }

  private record Planned(Check check, SlotPlan slots) {}

  private static final class Entry {
    volatile Planned plan;
    final AtomicBoolean running = new AtomicBoolean();
    /** A confirm probe runs; independent of {@code running} so that it never skips a regular slot. */
    final AtomicBoolean confirming = new AtomicBoolean();
    Instant lastConfirm; // guarded by the scheduler
    Instant due;
    TaskScheduler.Cancellable timer;
    boolean cancelled;

    Entry(Planned plan) {
      this.plan = plan;
    }

    void cancel() {
      cancelled = true;
      if (timer != null) {
        timer.cancel();
      }
    }
  }
}
