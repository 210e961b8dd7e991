package dev.vigil.controller.history;

import dev.vigil.controller.answers.AnswerDiff;
import dev.vigil.controller.answers.AnswerRRset;
import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.answers.RRsetKey;
import dev.vigil.controller.answers.ZoneAnswers;
import dev.vigil.controller.answers.ZoneChange;
import dev.vigil.controller.model.CheckHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The history entries of one applied log entry, from the state before and after it: one per check whose reported
 * health changed, then one per name and type whose answer changed. Pure.
 */
public final class HistoryRecorder {

  /** Shown for an answer that does not exist (before it was added, or after it was removed). */
  public static final String NO_ANSWER = "";

  private HistoryRecorder() {}

  /**
   * @param configCause for an entry that applied a config, e.g. "config at index 7 (--config zones.yaml)"; null
   *     for a health entry (the answer changes are then caused by its health changes)
   */
  public static List<HistoryEntry> between(Map<String, CheckHealth> healthBefore, Map<String, CheckHealth> healthAfter,
      AnswerSet answersBefore, AnswerSet answersAfter, long index, String configCause) {
    return between(healthBefore, healthAfter, answersBefore, answersAfter, index, configCause, Map.of());
  }

  /**
   * @param childrenOf CALCULATED check id → its children: a calculated check's entry also names the children
   *     that changed in the same log entry, so that asking for a child's history shows what it caused
   */
  public static List<HistoryEntry> between(Map<String, CheckHealth> healthBefore, Map<String, CheckHealth> healthAfter,
      AnswerSet answersBefore, AnswerSet answersAfter, long index, String configCause,
      Map<String, List<String>> childrenOf) {
    List<HistoryEntry> entries = new ArrayList<>();
    Map<String, CheckHealth> changed = new TreeMap<>();
    healthAfter.forEach((id, after) -> {
      CheckHealth before = healthBefore.get(id);
      if (before != null && before.healthy() != after.healthy()) {
        changed.put(id, after);
      }
    });
    Instant latest = null;
    // Causes before effects: probed checks first, then the CALCULATED ones they drive; by id within each.
    List<CheckHealth> ordered = new ArrayList<>(changed.values());
    ordered.sort(Comparator.comparing((CheckHealth h) -> childrenOf.containsKey(h.checkId()))
        .thenComparing(CheckHealth::checkId));
    for (CheckHealth h : ordered) {
      Instant at = timeOf(h.since());
      latest = at != null && (latest == null || at.isAfter(latest)) ? at : latest;
      List<String> causes = new ArrayList<>(List.of(h.checkId()));
      childrenOf.getOrDefault(h.checkId(), List.of()).stream().filter(changed::containsKey).sorted()
          .forEach(causes::add);
      entries.add(new HistoryEntry(index, at, HistoryEntry.Kind.HEALTH, h.checkId(), "", "",
          word(!h.healthy()), word(h.healthy()), h.cause(), causes));
    }
    AnswerDiff diff = AnswerDiff.between(answersBefore, answersAfter);
    if (diff.isEmpty()) {
      return entries;
    }
    String cause = configCause != null ? configCause
        : "health: " + changed.values().stream().map(h -> h.checkId() + " " + word(h.healthy()))
            .collect(Collectors.joining(", "));
    Instant at = configCause != null ? null : latest;
    List<String> causeChecks = configCause != null ? List.of() : List.copyOf(changed.keySet());
    for (ZoneChange zone : diff.changedZones()) {
      Map<RRsetKey, AnswerRRset> old = rrsets(answersBefore, zone.origin());
      for (AnswerRRset upsert : zone.upserts()) {
        entries.add(answer(index, at, upsert.key(), summary(old.get(upsert.key())), summary(upsert), cause, causeChecks));
      }
      for (RRsetKey removed : zone.removals()) {
        entries.add(answer(index, at, removed, summary(old.get(removed)), NO_ANSWER, cause, causeChecks));
      }
    }
    for (Name origin : diff.removedZones()) {
      rrsets(answersBefore, origin).values().stream().sorted(Comparator.comparing(AnswerRRset::key))
          .forEach(r -> entries.add(answer(index, at, r.key(), summary(r), NO_ANSWER, cause, causeChecks)));
    }
    return entries;
  }

  private static HistoryEntry answer(long index, Instant at, RRsetKey key, String before, String after, String cause,
      List<String> causeChecks) {
    return new HistoryEntry(index, at, HistoryEntry.Kind.ANSWER, "", key.name().toString().toLowerCase(),
        Type.string(key.type()), before, after, cause, causeChecks);
  }

  private static Map<RRsetKey, AnswerRRset> rrsets(AnswerSet answers, Name origin) {
    ZoneAnswers zone = answers.zones().get(origin);
    return zone == null ? Map.of() : zone.rrsets();
  }

  /** E.g. "TTL 60: 192.0.2.1, 192.0.2.2" (records sorted, so equal answers read the same). */
  public static String summary(AnswerRRset rrset) {
    if (rrset == null) {
      return NO_ANSWER;
    }
    return "TTL " + rrset.ttl() + ": "
        + rrset.records().stream().map(Record::rdataToString).sorted().collect(Collectors.joining(", "));
  }

  private static Instant timeOf(Instant since) {
    return since == null || since.equals(Instant.EPOCH) ? null : since;
  }

  private static String word(boolean healthy) {
    return healthy ? "healthy" : "unhealthy";
  }
}
