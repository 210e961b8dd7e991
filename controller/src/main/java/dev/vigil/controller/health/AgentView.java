package dev.vigil.controller.health;

import java.time.Instant;

/**
 * One agent's thresholded view of one check.
 *
 * @param healthy the view after applying FailureThreshold
 * @param opposingStreak consecutive latest results that disagree with {@code healthy} (below the threshold)
 * @param lastObservedAt when the newest applied result was observed; freshness is judged on it
 * @param last the newest applied result
 */
public record AgentView(
    String agentId,
    String region,
    String checkId,
    boolean healthy,
    int opposingStreak,
    Instant lastObservedAt,
    ProbeObservation last) {}
