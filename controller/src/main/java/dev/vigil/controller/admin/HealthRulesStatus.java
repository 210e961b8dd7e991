package dev.vigil.controller.admin;

import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.health.Calculated;
import dev.vigil.controller.health.HealthMemory;
import dev.vigil.controller.model.CheckType;
import dev.vigil.controller.model.HealthCheck;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * The native health rules' side of {@code GET /v1/health-checks/{id}/status}: the verdict before damping and
 * hold-down, the flap penalty decayed to now, and, for a CALCULATED check, its children's count.
 *
 * @param verdict the latest verdict (agents' quorum, or the children) before flap damping and hold-down
 * @param flapPenalty the flap penalty now (null when damping is off)
 * @param suppressed whether flap damping holds the check unhealthy
 * @param failbackAt when the failback hold-down will let a held check turn healthy (null when not held)
 * @param children CALCULATED: e.g. "2 of 3 children healthy (>= HealthThreshold 2)"; null otherwise
 */
@Serdeable
public record HealthRulesStatus(boolean verdict, String verdictSince, Double flapPenalty, boolean suppressed,
    String failbackAt, List<String> childHealthChecks, String children) {

  static HealthRulesStatus of(HealthCheck check, ControllerState s, Instant now) {
    HealthMemory m = s.memoryOf(check.id());
    boolean healthy = s.isHealthy(check.id());
    Double penalty = check.flapDamping().enabled() ? Math.round(m.penaltyAt(now, check.flapDamping()) * 10) / 10.0 : null;
    String failbackAt = m.verdict() && !healthy && !m.suppressed() && check.failbackHoldDownSeconds() > 0
        ? m.verdictSince().plusSeconds(check.failbackHoldDownSeconds()).toString() : null;
    boolean calculated = check.type() == CheckType.CALCULATED;
    return new HealthRulesStatus(m.verdict(), m.verdictSince().equals(Instant.EPOCH) ? null : m.verdictSince().toString(),
        penalty, m.suppressed(), failbackAt, calculated ? check.childHealthChecks() : null,
        calculated ? Calculated.decide(check, s.desired(), s.health()).cause() : null);
  }
}
