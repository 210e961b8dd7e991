package dev.vigil.agent.canary;

import dev.vigil.agent.probe.Check;
import dev.vigil.agent.probe.Observation;
import dev.vigil.agent.probe.Probe;
import dev.vigil.agent.probe.ProbeResult;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes the canaries together, once per interval, and hands each round's {@link NetworkHealth} to the links.
 * Probe timeouts fit in 90% of the interval (as for checks), so rounds never overlap.
 */
public final class CanaryMonitor implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CanaryMonitor.class);

  private final List<Check> canaries;
  private final Probe probe;
  private final ExecutorService probes;
  private final Clock clock;
  private final Consumer<NetworkHealth> listener;
  private volatile NetworkHealth latest;
  private ScheduledFuture<?> rounds;

  public CanaryMonitor(List<Check> canaries, Probe probe, ExecutorService probes, Clock clock,
      Consumer<NetworkHealth> listener) {
    this.canaries = List.copyOf(canaries);
    this.probe = probe;
    this.probes = probes;
    this.clock = clock;
    this.listener = listener;
  }

  /** Starts a round now and then every {@code interval} (nothing happens without canaries). */
  public synchronized void start(ScheduledExecutorService timer, Duration interval) {
    if (canaries.isEmpty() || rounds != null) {
      return;
    }
    rounds = timer.scheduleAtFixedRate(() -> probes.execute(this::roundQuietly), 0, interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** Null before the first round ends, and always without canaries. */
  public NetworkHealth latest() {
    return latest;
  }

  /** Probes every canary at once and reports the verdict. Blocks until the slowest canary is done. */
  public NetworkHealth round() throws InterruptedException {
    long startedAt = clock.millis();
    List<Future<ProbeResult>> running = new ArrayList<>();
    for (Check c : canaries) {
      running.add(probes.submit(() -> probe.run(c)));
    }
    List<Observation> results = new ArrayList<>();
    for (int i = 0; i < canaries.size(); i++) {
      results.add(new Observation(canaries.get(i).id(), startedAt, resultOf(running.get(i))));
    }
    NetworkHealth health = NetworkHealth.of(startedAt, results);
    NetworkHealth before = latest;
    latest = health;
    if (before == null || before.networkOk() != health.networkOk()) {
      log.info("event=canary.network ok={} detail=\"{}\"", health.networkOk(), health.detail());
    }
    listener.accept(health);
    return health;
  }

  private static ProbeResult resultOf(Future<ProbeResult> future) throws InterruptedException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      return ProbeResult.failed(dev.vigil.agent.probe.FailureKind.NETWORK_ERROR,
          "canary probe failed: " + e.getCause(), "", 0, null, 0);
    }
  }

  private void roundQuietly() {
    try {
      round();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("event=canary.round_failed error=\"{}\"", e.toString());
    }
  }

  @Override
  public synchronized void close() {
    if (rounds != null) {
      rounds.cancel(false);
    }
  }
}
