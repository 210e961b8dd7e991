package dev.vigil.agent.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/** A clock plus timer that only moves when the test says so; due tasks run in time order on the test thread. */
final class ManualTimer extends Clock implements TaskScheduler {

  private record Task(Instant at, long seq, Runnable run, boolean[] cancelled) {}

  private final PriorityQueue<Task> queue = new PriorityQueue<>(
      (a, b) -> a.at.equals(b.at) ? Long.compare(a.seq, b.seq) : a.at.compareTo(b.at));
  private Instant now;
  private long seq;

  ManualTimer(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Cancellable schedule(Instant at, Runnable run) {
    boolean[] cancelled = {false};
    queue.add(new Task(at, seq++, run, cancelled));
    return () -> cancelled[0] = true;
  }

  /** Moves the clock to {@code target}, running every task due on the way at its due time. */
  void advanceTo(Instant target) {
    while (true) {
      Task next;
      synchronized (this) {
        next = queue.peek();
        if (next == null || next.at.isAfter(target)) {
          now = target;
          return;
        }
        queue.poll();
        if (next.at.isAfter(now)) {
          now = next.at;
        }
      }
      if (!next.cancelled[0]) {
        next.run.run();
      }
    }
  }

  /** Runs only the earliest pending task, with the clock already {@code lag} past its due time (a stalled timer). */
  void runNextLate(java.time.Duration lag) {
    Task next;
    synchronized (this) {
      do {
        next = queue.poll();
      } while (next != null && next.cancelled[0]);
      if (next == null) {
        throw new IllegalStateException("nothing scheduled");
      }
      now = next.at.plus(lag);
    }
    next.run.run();
  }

  synchronized long pending() {
    return queue.stream().filter(t -> !t.cancelled[0]).count();
  }

  @Override
  public synchronized Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
