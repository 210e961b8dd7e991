package dev.vigil.controller.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** What the agent streams bring in. */
public final class IngestMetrics {

  private final AtomicInteger agentsConnected = new AtomicInteger();
  private final Counter accepted;
  private final Counter unknown;

  public IngestMetrics(MeterRegistry registry) {
    registry.gauge("vigil.controller.agents.connected", agentsConnected);
    accepted = Counter.builder("vigil.controller.observations")
        .description("Observations taken in from agents").tag("outcome", "accepted").register(registry);
    unknown = Counter.builder("vigil.controller.observations")
        .description("Observations taken in from agents").tag("outcome", "unknown_check").register(registry);
  }

  void connected() {
    agentsConnected.incrementAndGet();
  }

  void disconnected() {
    agentsConnected.decrementAndGet();
  }

  void observations(int total, int unknownChecks) {
    accepted.increment(total - unknownChecks);
    unknown.increment(unknownChecks);
  }

  public int agentsConnected() {
    return agentsConnected.get();
  }
}
