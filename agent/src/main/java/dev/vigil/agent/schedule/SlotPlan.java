package dev.vigil.agent.schedule;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * When a check fires: at every {@code k × interval + offset} (epoch milliseconds), where the offset is a stable
 * hash of (agent id, check id) in [0, interval). Probes of many checks spread over the interval, and agents of
 * different regions do not hit one endpoint at the same instant. Slots come from the clock, never from the end of
 * the previous probe, so there is no drift.
 */
public record SlotPlan(long intervalMillis, long offsetMillis) {

  public SlotPlan {
    if (intervalMillis <= 0 || offsetMillis < 0 || offsetMillis >= intervalMillis) {
      throw new IllegalArgumentException("bad slot plan " + intervalMillis + "/" + offsetMillis);
    }
  }

  public static SlotPlan of(String agentId, String checkId, long intervalMillis) {
    return new SlotPlan(intervalMillis, offsetMillis(agentId, checkId, intervalMillis));
  }

  /** FNV-1a over "agentId NUL checkId", then a SplitMix64 finaliser so nearby ids land far apart. */
  public static long offsetMillis(String agentId, String checkId, long intervalMillis) {
    long h = 0xcbf29ce484222325L;
    for (byte b : (agentId + '\0' + checkId).getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 30;
    h *= 0xbf58476d1ce4e5b9L;
    h ^= h >>> 27;
    h *= 0x94d049bb133111ebL;
    h ^= h >>> 31;
    return Math.floorMod(h, intervalMillis);
  }

  /** The first slot strictly after {@code t}. */
  public Instant nextAfter(Instant t) {
    long ms = t.toEpochMilli();
    long k = Math.floorDiv(ms - offsetMillis, intervalMillis) + 1;
    return Instant.ofEpochMilli(k * intervalMillis + offsetMillis);
  }
}
