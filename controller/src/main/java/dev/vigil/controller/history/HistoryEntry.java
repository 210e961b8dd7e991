package dev.vigil.controller.history;

import java.time.Instant;
import java.util.List;

/**
 * One change in the history: a check's health (or its held verdict), or the answer of one name and type.
 *
 * @param index the Raft log entry that made the change
 * @param at when: the health decision's time; null when the entry carries no time (a config change)
 * @param checkId HEALTH, VERDICT: the check; ANSWER: empty
 * @param name ANSWER: the owner name (absolute, lower case); HEALTH: empty
 * @param type ANSWER: the type mnemonic, e.g. "A"; HEALTH: empty
 * @param before HEALTH: "healthy"/"unhealthy"; ANSWER: a summary of the answer before, empty when none
 * @param after likewise, after
 * @param cause why, e.g. "2 of 3 agents healthy (67% > 18%)" or "health: web unhealthy"
 * @param causeChecks the checks whose transitions in the same entry caused it (the check itself for HEALTH)
 */
public record HistoryEntry(long index, Instant at, Kind kind, String checkId, String name, String type,
    String before, String after, String cause, List<String> causeChecks) {

  /**
   * HEALTH: the reported health changed; VERDICT: the verdict changed but flap damping or the failback hold-down
   * kept the reported health; ANSWER: the answer of a name and type changed.
   */
  public enum Kind { HEALTH, VERDICT, ANSWER }

  public HistoryEntry {
    causeChecks = List.copyOf(causeChecks);
  }
}
