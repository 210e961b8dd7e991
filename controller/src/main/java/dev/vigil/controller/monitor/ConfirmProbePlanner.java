package dev.vigil.controller.monitor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Confirm probes: when an agent's result disagrees with a check's decided health (a failure while it is decided
 * healthy, a success while it is decided unhealthy), the other agents assigned the check are asked to probe it
 * now instead of at their next slot. Each of them still probes on its own and votes with its own result (Route
 * 53's semantics); only the timing changes, so a quorum is reached after one round trip instead of after the
 * slowest agent's phase.
 *
 * <p>Decides when to ask, whom, and how often; no I/O, time passed in. A check is asked for at most once per
 * its request interval (a flapping endpoint cannot cause a probe storm: at most one extra probe per agent per
 * interval, the agents enforce the same limit on their side), and never of the agent whose result triggered it.
 * Not thread-safe; the caller serialises.
 */
public final class ConfirmProbePlanner {

  /** One result as an agent reported it: the raw outcome, before Inverted. */
  public record Result(String agentId, String checkId, boolean healthy) {}

  /** What the planner needs to know of a configured check. */
  public record CheckStatus(boolean decidedHealthy, boolean inverted, boolean disabled, Duration interval) {}

  /** Ask {@code agentId} to probe {@code checkIds} now. */
  public record Request(String agentId, List<String> checkIds) {}

  /** Expired entries are dropped once the map holds this many (removed checks leave theirs behind). */
  private static final int PRUNE_ABOVE = 1024;

  /** check id → the earliest time it may be asked for again. */
  private final Map<String, Instant> nextAllowed = new HashMap<>();

  /**
   * @param batch one agent's batch, in order
   * @param checks the decided status of a configured check; empty for one that is not configured
   * @param assignedAgents the connected agents assigned a check
   * @return one request per agent to ask, in the order the checks first disagreed
   */
  public List<Request> plan(List<Result> batch, Function<String, Optional<CheckStatus>> checks,
      Function<String, Collection<String>> assignedAgents, Instant now) {
    Map<String, List<String>> byAgent = new LinkedHashMap<>();
    Set<String> planned = new HashSet<>();
    for (Result r : batch) {
      if (planned.contains(r.checkId())) {
        continue;
      }
      Optional<CheckStatus> status = checks.apply(r.checkId());
      if (status.isEmpty() || status.get().disabled() || !disagrees(r, status.get())) {
        continue;
      }
      Instant allowed = nextAllowed.get(r.checkId());
      if (allowed != null && now.isBefore(allowed)) {
        continue;
      }
      List<String> others = assignedAgents.apply(r.checkId()).stream()
          .filter(agent -> !agent.equals(r.agentId()))
          .distinct()
          .sorted()
          .toList();
      if (others.isEmpty()) {
        continue;
      }
      planned.add(r.checkId());
      nextAllowed.put(r.checkId(), now.plus(status.get().interval()));
      others.forEach(agent -> byAgent.computeIfAbsent(agent, a -> new ArrayList<>()).add(r.checkId()));
    }
    prune(now);
    List<Request> requests = new ArrayList<>(byAgent.size());
    byAgent.forEach((agent, ids) -> requests.add(new Request(agent, List.copyOf(ids))));
    return requests;
  }

  /** Whether the agent's vote (its raw result, flipped for an Inverted check) differs from the decided health. */
  static boolean disagrees(Result r, CheckStatus status) {
    boolean vote = r.healthy() != status.inverted();
    return vote != status.decidedHealthy();
  }

  private void prune(Instant now) {
    if (nextAllowed.size() > PRUNE_ABOVE) {
      nextAllowed.values().removeIf(allowed -> !now.isBefore(allowed));
    }
  }
}
