package dev.vigil.agent.assignment;

import dev.vigil.agent.probe.Check;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checks this agent runs at a version, and the pure rule for moving to the next one. Controllers replicate one
 * log, so every link carries the same versions; whichever link brings the newest wins.
 *
 * @param version the version applied, -1 before the first full assignment
 */
public record AssignedChecks(long version, Map<String, Check> checks) {

  public static final AssignedChecks NONE = new AssignedChecks(-1, Map.of());

  public AssignedChecks {
    checks = Map.copyOf(checks);
  }

  /** How an update relates to what is running. */
  public enum Decision {
    /** Applied: a full one at a version not older than ours, or a change at a newer version. */
    APPLIED,
    /** Not applied: we already run this version or a newer one. Acknowledged all the same. */
    SUPERSEDED,
    /** Not applied: a change before any full assignment has nothing to apply to. */
    NO_BASE
  }

  /** The outcome of offering an update: the state afterwards and what happened. */
  public record Step(AssignedChecks next, Decision decision) {
    public boolean acknowledge() {
      return decision != Decision.NO_BASE;
    }
  }

  public boolean applied() {
    return version >= 0;
  }

  public Step offer(AssignmentUpdate update) {
    if (update.full()) {
      if (update.version() < version) {
        return new Step(this, Decision.SUPERSEDED);
      }
      Map<String, Check> all = new LinkedHashMap<>();
      update.upserts().forEach(c -> all.put(c.id(), c));
      return new Step(new AssignedChecks(update.version(), all), Decision.APPLIED);
    }
    if (!applied()) {
      return new Step(this, Decision.NO_BASE);
    }
    if (update.version() <= version) {
      return new Step(this, Decision.SUPERSEDED);
    }
    Map<String, Check> changed = new LinkedHashMap<>(checks);
    update.removedCheckIds().forEach(changed::remove);
    update.upserts().forEach(c -> changed.put(c.id(), c));
    return new Step(new AssignedChecks(update.version(), changed), Decision.APPLIED);
  }
}
