package dev.vigil.controller.monitor;

import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.health.AgentView;
import dev.vigil.controller.health.Calculated;
import dev.vigil.controller.health.HealthDecision;
import dev.vigil.controller.health.HealthMemory;
import dev.vigil.controller.health.HealthQuorum;
import dev.vigil.controller.health.HealthRules;
import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.CheckType;
import dev.vigil.controller.model.HealthCheck;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * What the leader submits for one check: its verdict (the agents' quorum, or a CALCULATED check's children), when
 * the verdict differs from the replicated one or applying it now would change the reported health (failback
 * hold-down ran out, flap penalty decayed below reuse). Pure.
 */
final class CheckDecisions {

  private CheckDecisions() {}

  /** @param counted the agents' views that count (sick and suspect agents already left out) */
  static Optional<HealthDecision> due(ControllerState state, HealthCheck check, Collection<AgentView> counted,
      Instant now) {
    CheckHealth current = state.health().get(check.id());
    if (current == null) {
      return Optional.empty();
    }
    HealthMemory memory = state.memoryOf(check.id());
    HealthDecision verdict = check.type() == CheckType.CALCULATED
        ? Calculated.decide(check, state.desired(), state.health())
        : HealthQuorum.decide(check, counted, now, memory.verdict());
    return HealthRules.transitionDue(check, current, memory, verdict.healthy(), now)
        ? Optional.of(verdict) : Optional.empty();
  }
}
