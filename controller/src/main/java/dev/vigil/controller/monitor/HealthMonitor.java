package dev.vigil.controller.monitor;

import dev.vigil.controller.cluster.CommandSink;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.cluster.Leadership;
import dev.vigil.controller.health.AgentView;
import dev.vigil.controller.health.AgentViews;
import dev.vigil.controller.health.HealthDecision;
import dev.vigil.controller.health.HealthQuorum;
import dev.vigil.controller.health.ProbeObservation;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.proto.cluster.v1.Command;
import dev.vigil.proto.cluster.v1.HealthTransition;
import dev.vigil.proto.cluster.v1.HealthTransitions;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns agents' observations into health transitions. Every controller keeps every agent's view of
 * every check warm (agents stream to all controllers); only the Raft leader submits, one command per
 * round batching every check whose decision differs from the replicated health, never while a
 * transition for the same check is still in flight.
 */
public final class HealthMonitor {

  private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

  private final Supplier<ControllerState> replicated;
  private final Leadership leadership;
  private final CommandSink sink;
  private final Clock clock;

  /** check id → agent id → view. */
  private final Map<String, Map<String, AgentView>> views = new HashMap<>();
  private final Set<String> inFlight = new HashSet<>();

  public HealthMonitor(Supplier<ControllerState> replicated, Leadership leadership, CommandSink sink, Clock clock) {
    this.replicated = replicated;
    this.leadership = leadership;
    this.sink = sink;
    this.clock = clock;
  }

  /**
   * Takes in one batch and decides the checks it touched at once (low failover latency).
   *
   * @return how many observations named a check that is not configured (ignored)
   */
  public int observe(List<ProbeObservation> observations) {
    ControllerState state = replicated.get();
    Set<String> touched = new LinkedHashSet<>();
    int unknown = 0;
    synchronized (this) {
      for (ProbeObservation o : observations) {
        Optional<HealthCheck> check = state.desired().healthCheck(o.checkId());
        if (check.isEmpty()) {
          unknown++;
          continue;
        }
        Map<String, AgentView> byAgent = views.computeIfAbsent(o.checkId(), id -> new HashMap<>());
        byAgent.put(o.agentId(), AgentViews.next(byAgent.get(o.agentId()), o, Math.max(1, check.get().failureThreshold())));
        touched.add(o.checkId());
      }
    }
    decide(touched);
    return unknown;
  }

  /** Re-decides every check: notices agents whose results went stale, and forgets removed checks. */
  public void tick() {
    ControllerState state = replicated.get();
    Set<String> all = new LinkedHashSet<>();
    state.desired().healthChecks().forEach(c -> all.add(c.id()));
    synchronized (this) {
      views.keySet().retainAll(all);
    }
    decide(all);
  }

  /** Every agent's current view of one check, for status pages. */
  public synchronized List<AgentView> views(String checkId) {
    return List.copyOf(views.getOrDefault(checkId, Map.of()).values());
  }

  private void decide(Collection<String> checkIds) {
    if (checkIds.isEmpty() || !leadership.isLeader()) {
      return;
    }
    Instant now = clock.instant();
    List<HealthTransition> transitions = new ArrayList<>();
    synchronized (this) {
      // Read under the lock: a released check's transition is already in the replicated state.
      ControllerState state = replicated.get();
      for (String id : checkIds) {
        Optional<HealthCheck> check = state.desired().healthCheck(id);
        if (check.isEmpty() || inFlight.contains(id)) {
          continue;
        }
        boolean current = state.isHealthy(id);
        HealthDecision decision =
            HealthQuorum.decide(check.get(), views.getOrDefault(id, Map.of()).values(), now, current);
        if (decision.healthy() != current) {
          transitions.add(HealthTransition.newBuilder()
              .setCheckId(id)
              .setHealthy(decision.healthy())
              .setAtUnixMs(now.toEpochMilli())
              .setCause(decision.cause())
              .build());
          inFlight.add(id);
        }
      }
    }
    if (!transitions.isEmpty()) {
      submit(transitions);
    }
  }

  private void submit(List<HealthTransition> transitions) {
    for (HealthTransition t : transitions) {
      log.info("event=health.transition_submitted check={} healthy={} cause=\"{}\"", t.getCheckId(), t.getHealthy(), t.getCause());
    }
    Command command = Command.newBuilder()
        .setHealthTransitions(HealthTransitions.newBuilder().addAllTransitions(transitions))
        .build();
    try {
      sink.submit(command).whenComplete((result, error) -> {
        if (error != null) {
          log.warn("event=health.transition_failed checks={} error=\"{}\"", ids(transitions), error.getMessage());
        }
        release(transitions);
      });
    } catch (RuntimeException e) {
      log.warn("event=health.transition_failed checks={} error=\"{}\"", ids(transitions), e.getMessage());
      release(transitions);
    }
  }

  private synchronized void release(List<HealthTransition> transitions) {
    transitions.forEach(t -> inFlight.remove(t.getCheckId()));
  }

  private static List<String> ids(List<HealthTransition> transitions) {
    return transitions.stream().map(HealthTransition::getCheckId).toList();
  }
}
