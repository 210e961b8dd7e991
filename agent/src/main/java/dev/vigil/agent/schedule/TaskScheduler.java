package dev.vigil.agent.schedule;

import java.time.Instant;

/** Runs a task at a wall-clock instant. The seam that lets tests drive time by hand. */
public interface TaskScheduler {

  Cancellable schedule(Instant at, Runnable task);

  /** A scheduled task that may still be called off. */
  @FunctionalInterface
  interface Cancellable {
    void cancel();
  }
}
