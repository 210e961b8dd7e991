package dev.vigil.controller.health;

/**
 * Applies FailureThreshold to one agent's stream of results for one check, Route 53 style: the view flips
 * after {@code failureThreshold} consecutive results that disagree with it, in either direction. Native
 * extension: separate rise ({@code HealthyThreshold}) and fall ({@code UnhealthyThreshold}) thresholds.
 */
public final class AgentViews {

  private AgentViews() {}

  /**
   * The view after {@code observation}. {@code previous == null} means this is the agent's first result for
   * the check: the view then starts healthy (a new Route 53 check is healthy until there is data). An
   * observation older than {@code previous.lastObservedAt()} arrived out of order and is ignored.
   */
  public static AgentView next(AgentView previous, ProbeObservation observation, int failureThreshold) {
    return next(previous, observation, failureThreshold, failureThreshold);
  }

  /**
   * Like {@link #next(AgentView, ProbeObservation, int)}, with {@code healthyThreshold} consecutive healthy
   * results to turn an unhealthy view healthy and {@code unhealthyThreshold} unhealthy ones for the reverse.
   */
  public static AgentView next(
      AgentView previous, ProbeObservation observation, int healthyThreshold, int unhealthyThreshold) {
    if (healthyThreshold < 1 || unhealthyThreshold < 1) {
      throw new IllegalArgumentException("thresholds must be at least 1, got healthy " + healthyThreshold
          + " and unhealthy " + unhealthyThreshold);
    }
    boolean healthy = true;
    int streak = 0;
    if (previous != null) {
      requireSameStream(previous, observation);
      if (observation.observedAt().isBefore(previous.lastObservedAt())) {
        return previous;
      }
      healthy = previous.healthy();
      streak = previous.opposingStreak();
    }
    if (observation.healthy() == healthy) {
      streak = 0;
    } else if (++streak >= (healthy ? unhealthyThreshold : healthyThreshold)) {
      healthy = !healthy;
      streak = 0;
    }
    return new AgentView(
        observation.agentId(),
        observation.region(),
        observation.checkId(),
        healthy,
        streak,
        observation.observedAt(),
        observation);
  }

  private static void requireSameStream(AgentView previous, ProbeObservation observation) {
    if (!previous.agentId().equals(observation.agentId()) || !previous.checkId().equals(observation.checkId())) {
      throw new IllegalArgumentException(
          "observation of agent " + observation.agentId() + " for check " + observation.checkId()
              + " applied to the view of agent " + previous.agentId() + " for check " + previous.checkId());
    }
  }
}
