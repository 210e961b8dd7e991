package dev.vigil.controller.ops;

import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.cluster.ReplicatedState;
import dev.vigil.controller.model.CheckHealth;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metrics and log lines derived from the replicated state, identical on every controller. They are updated on a
 * thread of their own: the state's listeners run on the Raft applying thread, which also pushes each new version to
 * the dns-nodes, and a log write or a gauge re-registration there held that push up (applied → the feed's listener:
 * p99 1.1 s under load, BENCHMARKS.md "decision → dns-node p99, session 3").
 */
public final class ControllerMetrics {

  private static final Logger log = LoggerFactory.getLogger(ControllerMetrics.class);
  private final java.util.concurrent.Executor updater = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "controller-metrics");
    t.setDaemon(true);
    return t;
  });

  private final Counter transitions;
  private final MultiGauge checkHealthy;
  private final AtomicReference<ControllerState> last = new AtomicReference<>();

  public ControllerMetrics(MeterRegistry registry, ReplicatedState state) {
    transitions = Counter.builder("vigil.controller.health.transitions")
        .description("Checks whose decided health flipped, as applied from the Raft log")
        .register(registry);
    checkHealthy = MultiGauge.builder("vigil.controller.check.healthy")
        .description("1 when the check's decided health is healthy, else 0")
        .register(registry);
    registry.gauge("vigil.controller.answers.version", state, s -> s.current().answersVersion().index());
    last.set(state.current());
    update(state.current());
    state.addListener(next -> updater.execute(() -> changed(next)));
  }

  private void changed(ControllerState next) {
    ControllerState previous = last.getAndSet(next);
    for (CheckHealth h : next.health().values()) {
      CheckHealth before = previous == null ? null : previous.health().get(h.checkId());
      if (before != null && before.healthy() != h.healthy()) {
        transitions.increment();
        log.info("event=health.changed check={} healthy={} cause=\"{}\"", h.checkId(), h.healthy(), h.cause());
      }
    }
    if (previous == null || previous.health() != next.health()) {
      update(next);
    }
  }

  private void update(ControllerState state) {
    checkHealthy.register(
        state.health().values().stream()
            .map(h -> MultiGauge.Row.of(Tags.of("check", h.checkId()), h.healthy() ? 1 : 0))
            .toList(),
        true);
  }
}
