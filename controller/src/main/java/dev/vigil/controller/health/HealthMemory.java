package dev.vigil.controller.health;

import dev.vigil.controller.model.CheckHealth;
import java.time.Instant;

/**
 * What the native health rules remember per check, replicated with the health itself so that a new leader
 * continues where the old one left off.
 *
 * @param verdict the latest verdict (quorum of agents, or a CALCULATED check's children) before flap damping
 *     and failback hold-down; equals the reported health in Route 53 mode
 * @param verdictSince when {@code verdict} last changed (the hold-down counts from it)
 * @param penalty the flap penalty at {@code penaltyAt}; it decays from there
 * @param suppressed whether flap damping holds the check unhealthy
 */
public record HealthMemory(boolean verdict, Instant verdictSince, double penalty, Instant penaltyAt,
    boolean suppressed) {

  /** The memory of a check with no native rule history: the verdict is its health. */
  public static HealthMemory of(CheckHealth health) {
    return new HealthMemory(health.healthy(), health.since(), 0, health.since(), false);
  }

  /** The penalty at {@code at}, decayed by {@code halfLife}. */
  public double penaltyAt(Instant at, dev.vigil.controller.model.FlapDamping damping) {
    return damping.decay(penalty, at.toEpochMilli() - penaltyAt.toEpochMilli());
  }
}
