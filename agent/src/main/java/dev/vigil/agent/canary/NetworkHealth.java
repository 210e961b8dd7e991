package dev.vigil.agent.canary;

import dev.vigil.agent.probe.Observation;
import dev.vigil.agent.probe.ProbeResult;
import java.util.List;

/**
 * The verdict of one canary round. The agent's network works when at least one canary answered healthy: a
 * single canary that is itself down must not make every agent look sick, while a broken agent network fails
 * them all.
 *
 * @param checkedAtMillis when the round started, epoch ms
 * @param detail e.g. "1 of 2 canaries healthy" or "0 of 2 canaries healthy: connection refused 127.0.0.1:9"
 */
public record NetworkHealth(boolean networkOk, int total, int healthy, long checkedAtMillis, String detail) {

  public static NetworkHealth of(long checkedAtMillis, List<Observation> round) {
    int healthy = (int) round.stream().filter(o -> o.result().healthy()).count();
    String detail = healthy + " of " + round.size() + (round.size() == 1 ? " canary" : " canaries") + " healthy";
    if (healthy == 0 && !round.isEmpty()) {
      ProbeResult first = round.get(0).result();
      detail += ": " + first.detail();
    }
    if (detail.length() > ProbeResult.MAX_DETAIL) {
      detail = detail.substring(0, ProbeResult.MAX_DETAIL - 1) + "…";
    }
    return new NetworkHealth(healthy > 0, round.size(), healthy, checkedAtMillis, detail);
  }
}
