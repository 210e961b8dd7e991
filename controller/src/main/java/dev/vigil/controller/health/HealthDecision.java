package dev.vigil.controller.health;

/**
 * The decided health of one check and a short human sentence saying why.
 *
 * @param cause e.g. "1 of 3 agents healthy (33% > 18%)"
 */
public record HealthDecision(boolean healthy, String cause) {}
