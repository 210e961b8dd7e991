package dev.vigil.agent.ops;

import dev.vigil.agent.link.ControllerLink;
import dev.vigil.agent.probe.Check;
import dev.vigil.agent.probe.FailureKind;
import dev.vigil.agent.probe.ProbeResult;
import dev.vigil.agent.schedule.ProbeEvents;
import dev.vigil.agent.schedule.ProbeScheduler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

/** The agent's Prometheus metrics (vigil_agent_*), fed by the scheduler and read from the links. */
public final class AgentMetrics implements ProbeEvents {

  private final MeterRegistry registry;
  private final Map<FailureKind, Counter> probes = new EnumMap<>(FailureKind.class);
  private final Timer probeDuration;
  private final Timer lateness;
  private final Counter skipped;
  private final Map<ProbeScheduler.ProbeNowOutcome, Counter> probeNow =
      new EnumMap<>(ProbeScheduler.ProbeNowOutcome.class);

  public AgentMetrics(MeterRegistry registry) {
    this.registry = registry;
    for (FailureKind kind : FailureKind.values()) {
      probes.put(kind, Counter.builder("vigil.agent.probes")
          .description("Probes completed, by result (healthy or the failure kind)")
          .tag("result", kind == FailureKind.NONE ? "healthy" : kind.name().toLowerCase(Locale.ROOT))
          .register(registry));
    }
    probeDuration = Timer.builder("vigil.agent.probe.duration").description("Wall time of one probe")
        .register(registry);
    lateness = Timer.builder("vigil.agent.schedule.lateness")
        .description("How late a check's slot fired").register(registry);
    skipped = Counter.builder("vigil.agent.schedule.skipped")
        .description("Slots skipped because the previous probe was still running").register(registry);
    for (ProbeScheduler.ProbeNowOutcome outcome : ProbeScheduler.ProbeNowOutcome.values()) {
      probeNow.put(outcome, Counter.builder("vigil.agent.probe.now")
          .description("Checks a controller asked to probe now (confirm probes), by what the agent did")
          .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
          .register(registry));
    }
  }

  /** Registers gauges over live state: checks scheduled, links connected, per-link buffer and drops. */
  public void watch(IntSupplier checks, List<ControllerLink> links) {
    Gauge.builder("vigil.agent.checks", checks::getAsInt).description("Checks currently scheduled")
        .register(registry);
    Gauge.builder("vigil.agent.links.connected",
            () -> links.stream().filter(l -> l.state() == ControllerLink.State.CONNECTED).count())
        .description("Controller links with an answered stream").register(registry);
    for (ControllerLink link : links) {
      String name = link.controller().toString();
      FunctionCounter.builder("vigil.agent.buffer.dropped", link, ControllerLink::dropped)
          .description("Observations dropped by a full link buffer").tag("controller", name).register(registry);
      Gauge.builder("vigil.agent.buffer.observations", link, ControllerLink::buffered)
          .description("Observations waiting to be sent").tag("controller", name).register(registry);
    }
  }

  /** vigil_agent_network_ok: 1 when the latest canary round found the network working, 0 when not, NaN without. */
  public void watchNetwork(java.util.function.Supplier<dev.vigil.agent.canary.NetworkHealth> latest) {
    Gauge.builder("vigil.agent.network.ok", () -> {
      var h = latest.get();
      return h == null ? Double.NaN : (h.networkOk() ? 1 : 0);
    }).description("1 when at least one canary answered healthy in the latest round").register(registry);
  }

  @Override
  public void fired(Duration late) {
    lateness.record(late);
  }

  @Override
  public void skipped(Check check) {
    skipped.increment();
  }

  @Override
  public void probeNow(ProbeScheduler.ProbeNowOutcome outcome) {
    probeNow.get(outcome).increment();
  }

  @Override
  public void completed(Check check, ProbeResult result, Duration took) {
    probes.get(result.failure()).increment();
    probeDuration.record(took);
  }
}
