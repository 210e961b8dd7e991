package dev.vigil.controller.ingest;

import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.cluster.Leadership;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.controller.monitor.ConfirmProbePlanner;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends confirm probe requests ({@code ProbeNow}) to the connected agents, as {@link ConfirmProbePlanner} decides.
 * Only the Raft leader asks: it is the member that decides, every agent streams to it, and one asker keeps the
 * extra probes at one per agent per check per interval. Requests from a member that has just lost leadership
 * are harmless: the agents probe a check at most once per interval however often they are asked.
 */
public final class ConfirmProbes {

  private static final Logger log = LoggerFactory.getLogger(ConfirmProbes.class);

  /** A connected agent's stream. */
  interface Agent {
    boolean assigned(String checkId);

    void probeNow(List<String> checkIds);
  }

  private final boolean enabled;
  private final Supplier<ControllerState> state;
  private final Leadership leadership;
  private final Clock clock;
  private final ConfirmProbePlanner planner = new ConfirmProbePlanner(); // guarded by itself
  /** agent id → its latest stream (a reconnecting agent replaces its old one). */
  private final Map<String, Agent> agents = new ConcurrentHashMap<>();
  private final Counter requested;
  private final Counter results;

  public ConfirmProbes(boolean enabled, Supplier<ControllerState> state, Leadership leadership, Clock clock,
      MeterRegistry registry) {
    this.enabled = enabled;
    this.state = state;
    this.leadership = leadership;
    this.clock = clock;
    this.requested = Counter.builder("vigil.controller.confirm.probes.requested")
        .description("Checks this member asked an agent to probe now (confirm probes), one per agent and check")
        .register(registry);
    this.results = Counter.builder("vigil.controller.confirm.probes.results")
        .description("Observations of confirm probes received (an agent ran them at some member's request)")
        .register(registry);
  }

  /** Never asks anyone ({@code --confirm-probes off}); still counts the confirm results other members caused. */
  public static ConfirmProbes off(MeterRegistry registry) {
    return new ConfirmProbes(false, () -> ControllerState.INITIAL, null, Clock.systemUTC(), registry);
  }

  public boolean enabled() {
    return enabled;
  }

  /** @return removes this stream (only if it is still the agent's latest) */
  Runnable register(String agentId, Agent agent) {
    agents.put(agentId, agent);
    return () -> agents.remove(agentId, agent);
  }

  /** Takes in one agent's batch: asks the other agents for confirm probes where its results disagree. */
  void observed(String agentId, List<dev.vigil.proto.agent.v1.Observation> batch) {
    long confirmations = batch.stream().filter(dev.vigil.proto.agent.v1.Observation::getRequested).count();
    if (confirmations > 0) {
      results.increment(confirmations);
    }
    if (!enabled || !leadership.isLeader()) {
      return;
    }
    ControllerState current = state.get();
    List<ConfirmProbePlanner.Result> results = new ArrayList<>(batch.size());
    batch.forEach(o -> results.add(new ConfirmProbePlanner.Result(agentId, o.getCheckId(), o.getHealthy())));
    List<ConfirmProbePlanner.Request> requests;
    synchronized (planner) {
      requests = planner.plan(results, id -> status(current, id), this::assignedAgents, clock.instant());
    }
    for (ConfirmProbePlanner.Request r : requests) {
      Agent agent = agents.get(r.agentId());
      if (agent != null) {
        agent.probeNow(r.checkIds());
        requested.increment(r.checkIds().size());
        log.debug("event=confirm.requested agent={} checks={} after={}", r.agentId(), r.checkIds(), agentId);
      }
    }
  }

  private static Optional<ConfirmProbePlanner.CheckStatus> status(ControllerState state, String checkId) {
    Optional<HealthCheck> check = state.desired().healthCheck(checkId);
    return check.map(c -> new ConfirmProbePlanner.CheckStatus(state.isHealthy(checkId), c.inverted(), c.disabled(),
        Duration.ofSeconds(Math.max(1, c.requestIntervalSeconds()))));
  }

  private Collection<String> assignedAgents(String checkId) {
    List<String> out = new ArrayList<>();
    agents.forEach((id, agent) -> {
      if (agent.assigned(checkId)) {
        out.add(id);
      }
    });
    return out;
  }
}
