package dev.vigil.controller.model;

import java.time.Instant;

/**
 * The decided health of one check, across every region, as replicated through the Raft log.
 *
 * @param cause why, e.g. "1 of 3 regions healthy (33% > 18%)"
 */
public record CheckHealth(String checkId, boolean healthy, Instant since, String cause) {}
