package dev.vigil.controller.cluster;

import dev.vigil.controller.answers.AnswerCompiler;
import dev.vigil.controller.answers.AnswerDiff;
import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.health.HealthQuorum;
import dev.vigil.controller.model.ApiMetadata;
import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.proto.cluster.v1.ApiChange;
import dev.vigil.proto.cluster.v1.ApplyConfig;
import dev.vigil.proto.cluster.v1.Command;
import dev.vigil.proto.cluster.v1.HealthTransition;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The replicated state after applying the Raft log up to {@code appliedIndex}. Immutable; {@link
 * #apply} is a pure function, so every controller reaches the same state at the same index.
 *
 * @param health the decided health of every configured check
 * @param answers what every dns-node answers, compiled from desired and health
 * @param answersVersion the entry that last changed {@code answers}
 * @param configIndex the entry that last applied a config (the version of agents' assignments)
 */
public record ControllerState(
    DesiredState desired,
    Map<String, CheckHealth> health,
    AnswerSet answers,
    AnswerVersion answersVersion,
    long configIndex,
    long appliedIndex) {

  /** How a rejected ApplyConfig whose expected config index is outdated starts its reason. */
  public static final String CONFIG_CONFLICT = "config changed since index ";

  /** Health of a check whose health is known only from its config; the log entry carries no time. */
  static final Instant CONFIG_TIME_UNKNOWN = Instant.EPOCH;

  public static final ControllerState INITIAL =
      new ControllerState(DesiredState.EMPTY, Map.of(), AnswerSet.EMPTY, AnswerVersion.NONE, 0, 0);

  public ControllerState {
    health = Map.copyOf(health);
  }

  /** The state a snapshot stands for: answers are recompiled (deterministic), not stored. */
  static ControllerState restored(DesiredState desired, Map<String, CheckHealth> health,
      AnswerVersion answersVersion, long configIndex, long appliedIndex) {
    return restored(desired, health, AnswerSet.EMPTY, answersVersion, configIndex, appliedIndex);
  }

  /** @param kept the answers that groups with AllUnhealthy serve-last-healthy keep (from the snapshot) */
  static ControllerState restored(DesiredState desired, Map<String, CheckHealth> health, AnswerSet kept,
      AnswerVersion answersVersion, long configIndex, long appliedIndex) {
    return new ControllerState(
        desired, health, AnswerCompiler.compile(desired, health, kept), answersVersion, configIndex, appliedIndex);
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
        yield withDesired(StateCodec.fromProto(apply.getDesired()), index).recompiled(term, index);
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
        yield withDesired(recorded, index).recompiled(term, index);
      }
      case HEALTH_TRANSITIONS ->
          withTransitions(command.getHealthTransitions().getTransitionsList(), index).recompiled(term, index);
      case KIND_NOT_SET -> withAppliedIndex(index);
    };
  }

  private ControllerState withDesired(DesiredState next, long index) {
    Map<String, CheckHealth> kept = new HashMap<>();
    for (HealthCheck check : next.healthChecks()) {
      CheckHealth old = health.get(check.id());
      kept.put(
          check.id(),
          old != null
              ? old
              : new CheckHealth(check.id(), HealthQuorum.initial(check), CONFIG_TIME_UNKNOWN, "new check, no results yet"));
    }
    return new ControllerState(next, kept, answers, answersVersion, index, index);
  }

  private ControllerState withTransitions(Iterable<HealthTransition> transitions, long index) {
    Map<String, CheckHealth> next = new HashMap<>(health);
    for (HealthTransition t : transitions) {
      CheckHealth old = next.get(t.getCheckId());
      if (old == null || old.healthy() == t.getHealthy()) {
        continue; // removed since the leader decided, or already there: nothing changes
      }
      next.put(
          t.getCheckId(),
          new CheckHealth(t.getCheckId(), t.getHealthy(), Instant.ofEpochMilli(t.getAtUnixMs()), t.getCause()));
    }
    return new ControllerState(desired, next, answers, answersVersion, configIndex, index);
  }

  private ControllerState recompiled(long term, long index) {
    AnswerSet compiled = AnswerCompiler.compile(desired, health, answers);
    boolean changed = !AnswerDiff.between(answers, compiled).isEmpty();
    return new ControllerState(
        desired,
        health,
        changed ? compiled : answers,
        changed ? new AnswerVersion(term, index) : answersVersion,
        configIndex,
        appliedIndex);
  }

  ControllerState withAppliedIndex(long index) {
    return new ControllerState(desired, health, answers, answersVersion, configIndex, index);
  }

  public boolean isHealthy(String checkId) {
    CheckHealth h = health.get(checkId);
    return h == null || h.healthy();
  }
}
