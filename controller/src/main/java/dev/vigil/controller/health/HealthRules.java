package dev.vigil.controller.health;

import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.FlapDamping;
import dev.vigil.controller.model.HealthCheck;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * From a check's verdict to its reported health: the native flap damping and failback hold-down. In Route 53
 * mode (neither configured) the reported health is the verdict. Pure and deterministic: the same inputs give the
 * same bits on every member (times come from the log entry, decay uses {@link StrictMath}), so the state machine
 * applies it and the leader uses it to see when a transition is due.
 */
public final class HealthRules {

  /** The reported health and the memory after one verdict. */
  public record Outcome(CheckHealth health, HealthMemory memory) {}

  private HealthRules() {}

  /**
   * Applies {@code verdict}, decided at {@code at} for {@code cause}, to the check's current health and memory.
   * A verdict equal to the remembered one re-evaluates at {@code at}: the penalty decays, suppression may end,
   * the hold-down may have run out.
   */
  public static Outcome apply(
      HealthCheck check, CheckHealth current, HealthMemory memory, boolean verdict, Instant at, String cause) {
    boolean changed = verdict != memory.verdict();
    // A config entry carries no time (EPOCH): never let it move the rules' clock backwards.
    Instant t = latest(at, memory.verdictSince(), memory.penaltyAt());
    Instant verdictSince = changed ? t : memory.verdictSince();
    if (!check.damped()) {
      HealthMemory next = new HealthMemory(verdict, verdictSince, 0, t, false);
      return new Outcome(reported(current, verdict, at, cause), next);
    }
    FlapDamping damping = check.flapDamping();
    double penalty = memory.penaltyAt(t, damping);
    if (changed && damping.enabled()) {
      penalty = Math.min(penalty + damping.penaltyPerFlap(), damping.ceiling());
    }
    boolean suppressed = damping.enabled()
        && (memory.suppressed() ? penalty >= damping.reuseBelow() : penalty > damping.suppressAbove());
    HealthMemory next = new HealthMemory(verdict, verdictSince, penalty, t, suppressed);
    if (suppressed) {
      return new Outcome(reported(current, false, at, "held down by flap damping: penalty " + round(penalty)
          + (memory.suppressed() ? " >= reuse " + round(damping.reuseBelow())
              : " > suppress " + round(damping.suppressAbove())) + "; verdict " + word(verdict) + ": " + cause), next);
    }
    String released = memory.suppressed()
        ? "flap damping released (penalty " + round(penalty) + " < reuse " + round(damping.reuseBelow()) + "); " : "";
    long holdDown = check.failbackHoldDownSeconds();
    Duration healthyFor = Duration.between(verdictSince, t);
    if (verdict && !current.healthy() && holdDown > 0 && healthyFor.compareTo(Duration.ofSeconds(holdDown)) < 0) {
      return new Outcome(reported(current, false, at, released + "failback hold-down: healthy for "
          + healthyFor.toSeconds() + " s of " + holdDown + " s; " + cause), next);
    }
    String why = verdict && !current.healthy() && holdDown > 0
        ? released + "healthy for " + healthyFor.toSeconds() + " s >= failback hold-down " + holdDown + " s; " + cause
        : released + cause;
    return new Outcome(reported(current, verdict, at, why), next);
  }

  /**
   * Whether the leader must submit {@code verdict} at {@code now}: the verdict changed, or applying it now would
   * change the reported health or the suppression (hold-down ran out, penalty decayed below reuse).
   */
  public static boolean transitionDue(
      HealthCheck check, CheckHealth current, HealthMemory memory, boolean verdict, Instant now) {
    if (verdict != memory.verdict()) {
      return true;
    }
    Outcome o = apply(check, current, memory, verdict, now, "");
    return o.health().healthy() != current.healthy() || o.memory().suppressed() != memory.suppressed();
  }

  /** The health after, unchanged (same since and cause) when the state does not flip. */
  private static CheckHealth reported(CheckHealth current, boolean healthy, Instant at, String cause) {
    return current.healthy() == healthy ? current : new CheckHealth(current.checkId(), healthy, at, cause);
  }

  private static Instant latest(Instant a, Instant b, Instant c) {
    Instant max = a.isAfter(b) ? a : b;
    return max.isAfter(c) ? max : c;
  }

  private static String word(boolean healthy) {
    return healthy ? "healthy" : "unhealthy";
  }

  static String round(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }
}
