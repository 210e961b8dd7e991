package dev.vigil.controller.health;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Flags agents whose own network is probably broken, for agents that have no canaries: an agent is SUSPECT when
 * it sees down nearly everything that agents of other regions see up. Pure.
 *
 * <p>The rule, per agent A, over the fresh views of every check:
 * <ol>
 *   <li>A check is <em>comparable</em> for A when A has a view of it and agents of at least one other region
 *       have views of it, and more than half of those other-region views are healthy ("the others see it up").
 *   <li>A is SUSPECT when it has at least {@link #MIN_COMPARABLE} comparable checks and sees at least
 *       {@link #SUSPECT_FRACTION} (90%) of them down.
 * </ol>
 * Checks every region sees down (a real outage) are never comparable, so they never make anyone suspect; an
 * agent with few checks, or alone in the fleet, is never suspect. A suspect agent is left out of every quorum
 * until the rule no longer holds (it recovers, or the others start seeing the same outage).
 */
public final class AgentSuspicion {

  /** Fewer comparable checks than this are not enough evidence to distrust an agent. */
  public static final int MIN_COMPARABLE = 3;
  /** The share of comparable checks an agent must see down to be suspect. */
  public static final double SUSPECT_FRACTION = 0.9;

  /** Why an agent is suspect, e.g. "sees 9 of 10 checks down that other regions see up". */
  public record Suspect(String agentId, String region, int down, int comparable, String reason) {}

  private AgentSuspicion() {}

  /**
   * @param freshViewsByCheck check id → the fresh views (one per agent) of that check
   * @return the suspect agents, by agent id
   */
  public static Map<String, Suspect> suspects(Map<String, ? extends Collection<AgentView>> freshViewsByCheck) {
    Map<String, int[]> tally = new HashMap<>(); // agent id → {down, comparable}
    Map<String, String> regionOf = new HashMap<>();
    for (Collection<AgentView> views : freshViewsByCheck.values()) {
      Map<String, int[]> byRegion = new HashMap<>(); // region → {healthy, all}
      for (AgentView v : views) {
        int[] r = byRegion.computeIfAbsent(v.region(), k -> new int[2]);
        r[0] += v.healthy() ? 1 : 0;
        r[1]++;
      }
      for (AgentView v : views) {
        int othersHealthy = 0;
        int others = 0;
        for (Map.Entry<String, int[]> e : byRegion.entrySet()) {
          if (!e.getKey().equals(v.region())) {
            othersHealthy += e.getValue()[0];
            others += e.getValue()[1];
          }
        }
        if (others == 0 || othersHealthy * 2 <= others) {
          continue;
        }
        regionOf.put(v.agentId(), v.region());
        int[] t = tally.computeIfAbsent(v.agentId(), k -> new int[2]);
        t[0] += v.healthy() ? 0 : 1;
        t[1]++;
      }
    }
    Map<String, Suspect> suspects = new TreeMap<>();
    tally.forEach((agent, t) -> {
      if (isSuspect(t[0], t[1])) {
        suspects.put(agent, new Suspect(agent, regionOf.get(agent), t[0], t[1],
            "sees " + t[0] + " of " + t[1] + " checks down that other regions see up"));
      }
    });
    return suspects;
  }

  static boolean isSuspect(int down, int comparable) {
    return comparable >= MIN_COMPARABLE && down >= SUSPECT_FRACTION * comparable;
  }

  /** The views that count in a quorum: those of agents not in {@code excluded}. */
  public static List<AgentView> without(Collection<AgentView> views, java.util.Set<String> excluded) {
    if (excluded.isEmpty()) {
      return List.copyOf(views);
    }
    List<AgentView> kept = new ArrayList<>(views.size());
    for (AgentView v : views) {
      if (!excluded.contains(v.agentId())) {
        kept.add(v);
      }
    }
    return kept;
  }
}
