package dev.vigil.controller.cluster;

import dev.vigil.controller.answers.AnswerCompiler;
import dev.vigil.controller.answers.AnswerDiff;
import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.health.Calculated;
import dev.vigil.controller.health.HealthDecision;
import dev.vigil.controller.health.HealthMemory;
import dev.vigil.controller.health.HealthRules;
import dev.vigil.controller.history.History;
import dev.vigil.controller.history.HistoryRecorder;
import dev.vigil.controller.history.HistoryRetention;
import dev.vigil.controller.model.ApiMetadata;
import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.CheckType;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.proto.cluster.v1.ApiChange;
import dev.vigil.proto.cluster.v1.ApplyConfig;
import dev.vigil.proto.cluster.v1.Command;
import dev.vigil.proto.cluster.v1.HealthTransition;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The replicated state after applying the Raft log up to {@code appliedIndex}. Immutable; {@link
 * #apply} is a pure function, so every controller reaches the same state at the same index.
 *
 * @param health the decided health of every configured check
 * @param answers what every dns-node answers, compiled from desired and health
 * @param answersVersion the entry that last changed {@code answers}
 * @param configIndex the entry that last applied a config (the version of agents' assignments)
 * @param memory per check, what the native health rules (flap damping, failback hold-down) remember
 * @param history health transitions and answer changes, derived from the log alone
 */
public record ControllerState(
    DesiredState desired,
    Map<String, CheckHealth> health,
    AnswerSet answers,
    AnswerVersion answersVersion,
    long configIndex,
    long appliedIndex,
    Map<String, HealthMemory> memory,
    History history) {

  /** How a rejected ApplyConfig whose expected config index is outdated starts its reason. */
  public static final String CONFIG_CONFLICT = "config changed since index ";

  /** Health of a check whose health is known only from its config; the log entry carries no time. */
  static final Instant CONFIG_TIME_UNKNOWN = Instant.EPOCH;

  public static final ControllerState INITIAL = initial(HistoryRetention.DEFAULT);

  public ControllerState {
    health = Map.copyOf(health);
    memory = Map.copyOf(memory);
  }

  /** A state with no native-rule memory and no history yet. */
  public ControllerState(DesiredState desired, Map<String, CheckHealth> health, AnswerSet answers,
      AnswerVersion answersVersion, long configIndex, long appliedIndex) {
    this(desired, health, answers, answersVersion, configIndex, appliedIndex, Map.of(),
        History.empty(HistoryRetention.DEFAULT));
  }

  /** The empty state of a member that keeps history within {@code retention}. */
  public static ControllerState initial(HistoryRetention retention) {
    return new ControllerState(DesiredState.EMPTY, Map.of(), AnswerSet.EMPTY, AnswerVersion.NONE, 0, 0, Map.of(),
        History.empty(retention));
  }

  /**
   * The state a snapshot stands for: answers are recompiled (deterministic), not stored.
   *
   * @param kept the answers that groups with AllUnhealthy serve-last-healthy keep (from the snapshot)
   */
  static ControllerState restored(DesiredState desired, Map<String, CheckHealth> health, AnswerSet kept,
      AnswerVersion answersVersion, long configIndex, long appliedIndex, Map<String, HealthMemory> memory,
      History history) {
    return new ControllerState(desired, health, AnswerCompiler.compile(desired, health, kept), answersVersion,
        configIndex, appliedIndex, memory, history);
  }

  /** The native rules' memory of a check (derived from its health when it has none). */
  public HealthMemory memoryOf(String checkId) {
    HealthMemory m = memory.get(checkId);
    if (m != null) {
      return m;
    }
    CheckHealth h = health.get(checkId);
    return h == null ? new HealthMemory(true, CONFIG_TIME_UNKNOWN, 0, CONFIG_TIME_UNKNOWN, false)
        : HealthMemory.of(h);
  }

  /**
   * The state after the entry at (term, index).
   *
   * @throws IllegalArgumentException when the command cannot be decoded (unknown enum values)
   */
  public ControllerState apply(Command command, long term, long index) {
    return switch (command.getKindCase()) {
      case APPLY_CONFIG -> {
        ApplyConfig apply = command.getApplyConfig();
        if (apply.hasExpectedConfigIndex() && apply.getExpectedConfigIndex() != configIndex) {
          throw new IllegalArgumentException(CONFIG_CONFLICT + apply.getExpectedConfigIndex()
              + " (now " + configIndex + ")");
        }
        String cause = "config at index " + index + (apply.getSource().isEmpty() ? "" : " (" + apply.getSource() + ")");
        yield withDesired(StateCodec.fromProto(apply.getDesired()), index).recompiled(term, index, this, cause);
      }
      case API_CHANGE -> {
        ApiChange change = command.getApiChange();
        ApplyConfig apply = change.getApply();
        if (apply.hasExpectedConfigIndex() && apply.getExpectedConfigIndex() != configIndex) {
          throw new IllegalArgumentException(CONFIG_CONFLICT + apply.getExpectedConfigIndex()
              + " (now " + configIndex + ")");
        }
        DesiredState next = change.hasDelta()
            ? ApiDeltas.apply(desired, change.getDelta())
            : StateCodec.fromProto(apply.getDesired());
        DesiredState recorded = next.withApi(next.api().withChange(new ApiMetadata.Change(
            change.getChangeId(), index, Instant.ofEpochMilli(change.getSubmittedAtUnixMs()), change.getComment())));
        String cause = "admin API change " + change.getChangeId() + " at index " + index
            + (change.getComment().isEmpty() ? "" : " (" + change.getComment() + ")");
        yield withDesired(recorded, index).recompiled(term, index, this, cause);
      }
      case HEALTH_TRANSITIONS ->
          withTransitions(command.getHealthTransitions().getTransitionsList(), index)
              .recompiled(term, index, this, null);
      case KIND_NOT_SET -> withAppliedIndex(index);
    };
  }

  private ControllerState withDesired(DesiredState next, long index) {
    Map<String, CheckHealth> kept = new HashMap<>();
    Map<String, HealthMemory> remembered = new HashMap<>();
    for (HealthCheck check : next.healthChecks()) {
      CheckHealth old = health.get(check.id());
      kept.put(
          check.id(),
          old != null
              ? old
              : new CheckHealth(check.id(), check.initiallyHealthy(), CONFIG_TIME_UNKNOWN, "new check, no results yet"));
      if (memory.containsKey(check.id())) {
        remembered.put(check.id(), memory.get(check.id()));
      }
    }
    return new ControllerState(next, kept, answers, answersVersion, index, index, remembered, history)
        .withCalculated(CONFIG_TIME_UNKNOWN);
  }

  private ControllerState withTransitions(List<HealthTransition> transitions, long index) {
    Map<String, CheckHealth> nextHealth = new HashMap<>(health);
    Map<String, HealthMemory> nextMemory = new HashMap<>(memory);
    Instant latest = CONFIG_TIME_UNKNOWN;
    for (HealthTransition t : transitions) {
      Instant at = Instant.ofEpochMilli(t.getAtUnixMs());
      latest = at.isAfter(latest) ? at : latest;
      Optional<HealthCheck> check = desired.healthCheck(t.getCheckId());
      CheckHealth old = nextHealth.get(t.getCheckId());
      if (old == null || check.isEmpty() || check.get().type() == CheckType.CALCULATED) {
        continue; // removed since the leader decided; a calculated check is re-evaluated below
      }
      HealthRules.Outcome o =
          HealthRules.apply(check.get(), old, memoryOf(t.getCheckId()), t.getHealthy(), at, t.getCause());
      nextHealth.put(t.getCheckId(), o.health());
      nextMemory.put(t.getCheckId(), o.memory());
    }
    return new ControllerState(desired, nextHealth, answers, answersVersion, configIndex, index, nextMemory, history)
        .withCalculated(latest);
  }

  /** Re-evaluates every CALCULATED check from its children's health (children are never calculated). */
  private ControllerState withCalculated(Instant at) {
    Map<String, CheckHealth> nextHealth = new HashMap<>(health);
    Map<String, HealthMemory> nextMemory = new HashMap<>(memory);
    Map<String, HealthCheck> byId = null;
    for (HealthCheck check : desired.healthChecks()) {
      if (check.type() != CheckType.CALCULATED) {
        continue;
      }
      if (byId == null) {
        byId = new HashMap<>();
        for (HealthCheck c : desired.healthChecks()) {
          byId.put(c.id(), c);
        }
      }
      HealthDecision verdict = Calculated.decide(check, byId, health);
      HealthRules.Outcome o =
          HealthRules.apply(check, health.get(check.id()), memoryOf(check.id()), verdict.healthy(), at, verdict.cause());
      nextHealth.put(check.id(), o.health());
      nextMemory.put(check.id(), o.memory());
    }
    return byId != null
        ? new ControllerState(desired, nextHealth, answers, answersVersion, configIndex, appliedIndex, nextMemory, history)
        : this;
  }

  private ControllerState recompiled(long term, long index, ControllerState before, String configCause) {
    AnswerSet compiled = AnswerCompiler.compile(desired, health, answers);
    AnswerDiff diff = AnswerDiff.between(answers, compiled);
    boolean changed = !diff.isEmpty();
    Map<String, List<String>> childrenOf = new HashMap<>();
    desired.healthChecks().stream().filter(c -> c.type() == CheckType.CALCULATED)
        .forEach(c -> childrenOf.put(c.id(), c.childHealthChecks()));
    History nextHistory = history.plus(HistoryRecorder.of(new HistoryRecorder.Step(
        index, before.health, health, before.memory, memory, before.answers, diff, childrenOf, configCause)));
    return new ControllerState(
        desired,
        health,
        changed ? compiled : answers,
        changed ? new AnswerVersion(term, index) : answersVersion,
        configIndex,
        appliedIndex,
        memory,
        nextHistory);
  }

  ControllerState withAppliedIndex(long index) {
    return new ControllerState(desired, health, answers, answersVersion, configIndex, index, memory, history);
  }

  public boolean isHealthy(String checkId) {
    CheckHealth h = health.get(checkId);
    return h == null || h.healthy();
  }
}
