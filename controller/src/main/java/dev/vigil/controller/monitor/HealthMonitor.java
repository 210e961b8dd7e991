package dev.vigil.controller.monitor;

import dev.vigil.controller.cluster.CommandSink;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.cluster.Leadership;
import dev.vigil.controller.health.AgentNetwork;
import dev.vigil.controller.health.AgentSuspicion;
import dev.vigil.controller.health.AgentView;
import dev.vigil.controller.health.AgentViews;
import dev.vigil.controller.health.HealthDecision;
import dev.vigil.controller.health.HealthQuorum;
import dev.vigil.controller.health.ProbeObservation;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.proto.cluster.v1.Command;
import dev.vigil.proto.cluster.v1.HealthTransition;
import dev.vigil.proto.cluster.v1.HealthTransitions;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
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
 *
 * <p>Agents whose own network is broken are left out of every quorum: those whose canaries say so
 * ({@link AgentNetwork}), and, re-evaluated on every tick, those {@link AgentSuspicion} flags as SUSPECT.
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
  /** agent id → its latest canary report. */
  private final Map<String, AgentNetwork> networks = new HashMap<>();
  /** agent id → why it is suspect; recomputed on every tick. */
  private Map<String, AgentSuspicion.Suspect> suspects = Map.of();
  private final CertificateExpiryGauges certificateGauges;
  private final DecisionQueue decisions;

  public HealthMonitor(Supplier<ControllerState> replicated, Leadership leadership, CommandSink sink, Clock clock) {
    this(replicated, leadership, sink, clock, null);
  }

  /** @param registry where {@code vigil_controller_certificate_expiry_seconds{check}} goes; null for none */
  public HealthMonitor(Supplier<ControllerState> replicated, Leadership leadership, CommandSink sink, Clock clock,
      MeterRegistry registry) {
    this(replicated, leadership, sink, clock, registry, Runnable::run);
  }

  /**
   * @param decideOn where batches' decisions run (one at a time, coalesced); {@code Runnable::run} decides on
   *     the caller's thread
   */
  public HealthMonitor(Supplier<ControllerState> replicated, Leadership leadership, CommandSink sink, Clock clock,
      MeterRegistry registry, java.util.concurrent.Executor decideOn) {
    this.decisions = new DecisionQueue(decideOn, this::decide);
    this.replicated = replicated;
    this.leadership = leadership;
    this.sink = sink;
    this.clock = clock;
    this.certificateGauges = new CertificateExpiryGauges(registry, this::certificateExpiresIn);
  }

  /** Takes in an agent's canary report; a change of its sickness re-decides every check at once. */
  public void agentNetwork(
      String agentId, String region, boolean networkOk, Instant checkedAt, Duration interval, String detail) {
    Instant now = clock.instant();
    agentNetwork(new AgentNetwork(agentId, region, networkOk, checkedAt, now, interval, detail));
  }

  void agentNetwork(AgentNetwork report) {
    boolean changed;
    Instant now = clock.instant();
    synchronized (this) {
      AgentNetwork before = networks.put(report.agentId(), report);
      changed = before == null ? report.sickAt(now) : before.sickAt(now) != report.sickAt(now);
    }
    if (changed) {
      log.info("event=agent.network agent={} region={} ok={} detail=\"{}\"", report.agentId(), report.region(),
          report.networkOk(), report.detail());
      decideAll();
    }
  }

  /** Why an agent is left out of the quorum now ("network: ..." or "suspect: ..."), empty when it counts. */
  public synchronized Optional<String> exclusion(String agentId) {
    AgentNetwork network = networks.get(agentId);
    if (network != null && network.sickAt(clock.instant())) {
      return Optional.of("network: " + network.detail());
    }
    AgentSuspicion.Suspect suspect = suspects.get(agentId);
    return suspect == null ? Optional.empty() : Optional.of("suspect: " + suspect.reason());
  }

  /** Why an agent's view of {@code check} is left out of its quorum now (sick, suspect, stale, other region). */
  public Optional<String> exclusion(HealthCheck check, AgentView view) {
    return exclusion(view.agentId()).or(() -> HealthQuorum.notCounted(check, view, clock.instant()));
  }

  /** This member's clock, e.g. to show a flap penalty decayed to now. */
  public Instant now() {
    return clock.instant();
  }

  /** The earliest certificate notAfter the agents last reported for a check, if any. */
  public synchronized Optional<Instant> certificateNotAfter(String checkId) {
    Instant earliest = null;
    for (AgentView v : views.getOrDefault(checkId, Map.of()).values()) {
      Instant t = v.last() == null ? null : v.last().certificateNotAfter();
      if (t != null && (earliest == null || t.isBefore(earliest))) {
        earliest = t;
      }
    }
    return Optional.ofNullable(earliest);
  }

  /**
   * Takes in one batch and has the checks it touched decided at once (low failover latency), on the decider's
   * thread: the caller never waits for Raft.
   *
   * @return how many observations named a check that is not configured (ignored)
   */
  public int observe(List<ProbeObservation> observations) {
    ControllerState state = replicated.get();
    Set<String> touched = new LinkedHashSet<>();
    int unknown = 0;
    boolean flipped = false;
    synchronized (this) {
      for (ProbeObservation o : observations) {
        Optional<HealthCheck> check = state.desired().healthCheck(o.checkId());
        if (check.isEmpty()) {
          unknown++;
          continue;
        }
        Map<String, AgentView> byAgent = views.computeIfAbsent(o.checkId(), id -> new HashMap<>());
        AgentView before = byAgent.get(o.agentId());
        AgentView after = AgentViews.next(before, o, check.get().healthyThreshold(), check.get().unhealthyThreshold());
        byAgent.put(o.agentId(), after);
        flipped |= before != null && before.healthy() != after.healthy();
        touched.add(o.checkId());
        if (o.certificateNotAfter() != null) {
          certificateGauges.watch(o.checkId());
        }
      }
      if (flipped) {
        // A view changed side: re-judge suspicion before deciding, so that a broken agent's fresh down votes
        // are not counted for the one round until the next tick.
        refreshSuspects(state, clock.instant());
      }
    }
    decisions.request(touched);
    return unknown;
  }

  /**
   * Re-decides every check: notices agents whose results went stale, forgets removed checks, and re-evaluates
   * which agents are suspect.
   */
  public void tick() {
    ControllerState state = replicated.get();
    Set<String> all = new LinkedHashSet<>();
    state.desired().healthChecks().forEach(c -> all.add(c.id()));
    synchronized (this) {
      views.keySet().retainAll(all);
      certificateGauges.retainOnly(all);
      refreshSuspects(state, clock.instant());
    }
    decide(all);
  }

  private void refreshSuspects(ControllerState state, Instant now) {
    Map<String, List<AgentView>> fresh = new HashMap<>();
    for (HealthCheck check : state.desired().healthChecks()) {
      if (!check.disabled()) {
        fresh.put(check.id(), freshViews(check, now));
      }
    }
    Map<String, AgentSuspicion.Suspect> next = AgentSuspicion.suspects(fresh);
    logSuspicionChanges(suspects, next);
    suspects = next;
  }

  private void decideAll() {
    Set<String> all = new LinkedHashSet<>();
    replicated.get().desired().healthChecks().forEach(c -> all.add(c.id()));
    decide(all);
  }

  private List<AgentView> freshViews(HealthCheck check, Instant now) {
    Instant freshSince = now.minus(Duration.ofSeconds(3L * check.requestIntervalSeconds()));
    List<AgentView> fresh = new ArrayList<>();
    for (AgentView v : views.getOrDefault(check.id(), Map.of()).values()) {
      if (!v.lastObservedAt().isBefore(freshSince)) {
        fresh.add(v);
      }
    }
    return fresh;
  }

  private static void logSuspicionChanges(
      Map<String, AgentSuspicion.Suspect> before, Map<String, AgentSuspicion.Suspect> after) {
    after.forEach((agent, s) -> {
      if (!before.containsKey(agent)) {
        log.info("event=agent.suspect agent={} region={} reason=\"{}\"", agent, s.region(), s.reason());
      }
    });
    before.keySet().stream().filter(agent -> !after.containsKey(agent))
        .forEach(agent -> log.info("event=agent.trusted_again agent={}", agent));
  }

  /** Agents left out of the quorum now: sick by their canaries, or suspect. */
  private Set<String> excluded(Instant now) {
    Set<String> out = new HashSet<>(suspects.keySet());
    networks.values().stream().filter(n -> n.sickAt(now)).forEach(n -> out.add(n.agentId()));
    return out;
  }

  /** Time left until {@link #certificateNotAfter}, negative once expired. */
  public Optional<Duration> certificateExpiresIn(String checkId) {
    return certificateNotAfter(checkId).map(t -> Duration.between(clock.instant(), t));
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
      Set<String> excluded = excluded(now);
      // Read under the lock: a released check's transition is already in the replicated state.
      ControllerState state = replicated.get();
      for (String id : checkIds) {
        Optional<HealthCheck> check = state.desired().healthCheck(id);
        if (check.isEmpty() || inFlight.contains(id)) {
          continue;
        }
        Collection<AgentView> counted =
            AgentSuspicion.without(views.getOrDefault(id, Map.of()).values(), excluded);
        Optional<HealthDecision> due = CheckDecisions.due(state, check.get(), counted, now);
        if (due.isPresent()) {
          transitions.add(HealthTransition.newBuilder()
              .setCheckId(id)
              .setHealthy(due.get().healthy())
              .setAtUnixMs(now.toEpochMilli())
              .setCause(due.get().cause())
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
        if (error == null) {
          // Results that arrived while the transition was in flight were skipped: decide them now, not at the tick.
          decisions.request(ids(transitions));
        }
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
