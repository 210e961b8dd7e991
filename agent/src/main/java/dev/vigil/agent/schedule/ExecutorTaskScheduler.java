package dev.vigil.agent.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The production timer: one platform thread that only hands work to virtual threads. */
public final class ExecutorTaskScheduler implements TaskScheduler, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ExecutorTaskScheduler.class);

  private final Clock clock;
  private final ScheduledExecutorService executor;

  public ExecutorTaskScheduler(Clock clock) {
    this.clock = clock;
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "vigil-schedule");
      t.setDaemon(true);
      return t;
    });
    pool.setRemoveOnCancelPolicy(true);
    this.executor = pool;
  }

  @Override
  public Cancellable schedule(Instant at, Runnable task) {
    long delay = Math.max(0, Duration.between(clock.instant(), at).toNanos());
    ScheduledFuture<?> future = executor.schedule(() -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log.warn("event=schedule.task_failed error={}", e.toString(), e);
      }
    }, delay, TimeUnit.NANOSECONDS);
    return () -> future.cancel(false);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
