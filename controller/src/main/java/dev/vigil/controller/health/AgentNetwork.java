package dev.vigil.controller.health;

import java.time.Duration;
import java.time.Instant;

/**
 * What an agent last said about its own network (from its canaries).
 *
 * @param checkedAt when the agent's canary round started (agent clock)
 * @param receivedAt when this controller took the report in
 * @param interval time between the agent's canary rounds
 * @param detail e.g. "0 of 2 canaries healthy: connection refused 127.0.0.1:9"
 */
public record AgentNetwork(
    String agentId, String region, boolean networkOk, Instant checkedAt, Instant receivedAt, Duration interval,
    String detail) {

  /** Rounds after which a report no longer counts (the agent stopped reporting, e.g. restarted without canaries). */
  static final int VALID_ROUNDS = 3;

  /** True when the agent says its network is broken and that report is recent enough to believe. */
  public boolean sickAt(Instant now) {
    Duration validFor = interval.multipliedBy(VALID_ROUNDS);
    return !networkOk && !receivedAt.plus(validFor).isBefore(now);
  }
}
