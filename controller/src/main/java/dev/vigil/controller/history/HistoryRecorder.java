package dev.vigil.controller.history;

import dev.vigil.controller.answers.AnswerDiff;
import dev.vigil.controller.answers.AnswerRRset;
import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.answers.RRsetKey;
import dev.vigil.controller.answers.ZoneAnswers;
import dev.vigil.controller.answers.ZoneChange;
import dev.vigil.controller.health.HealthMemory;
import dev.vigil.controller.model.CheckHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The history entries of one applied log entry, from the state before and after it: one per check whose reported
 * health changed (HEALTH), one per check whose verdict changed while its reported health did not (VERDICT: held by
 * flap damping or failback hold-down), then one per name and type whose answer changed (ANSWER). Pure.
 */
public final class HistoryRecorder {

  /** Shown for an answer that does not exist (before it was added, or after it was removed). */
  public static final String NO_ANSWER = "";

  /**
   * What one log entry changed.
   *
   * @param answers the diff from {@code answersBefore} to the answers after (the one the state machine computed)
   * @param childrenOf CALCULATED check id → its children: a calculated check's entry also names the children
   *     that changed in the same log entry, so that asking for a child's history shows what it caused
   * @param configCause for an entry that applied a config, e.g. "config at index 7 (--config zones.yaml)"; null
   *     for a health entry (the answer changes are then caused by its health changes)
   */
  public record Step(long index, Map<String, CheckHealth> healthBefore, Map<String, CheckHealth> healthAfter,
      Map<String, HealthMemory> memoryBefore, Map<String, HealthMemory> memoryAfter, AnswerSet answersBefore,
      AnswerDiff answers, Map<String, List<String>> childrenOf, String configCause) {}

  private HistoryRecorder() {}

  /** Health and answer entries only (no verdict memory, no calculated checks), e.g. for tests of one diff. */
  public static List<HistoryEntry> between(Map<String, CheckHealth> healthBefore, Map<String, CheckHealth> healthAfter,
      AnswerSet answersBefore, AnswerSet answersAfter, long index, String configCause) {
    return of(new Step(index, healthBefore, healthAfter, Map.of(), Map.of(), answersBefore,
        AnswerDiff.between(answersBefore, answersAfter), Map.of(), configCause));
  }

  public static List<HistoryEntry> of(Step step) {
    List<HistoryEntry> entries = new ArrayList<>();
    Map<String, CheckHealth> changed = new TreeMap<>();
    step.healthAfter().forEach((id, after) -> {
      CheckHealth before = step.healthBefore().get(id);
      if (before != null && before.healthy() != after.healthy()) {
        changed.put(id, after);
      }
    });
    Instant latest = null;
    // Causes before effects: probed checks first, then the CALCULATED ones they drive; by id within each.
    List<CheckHealth> ordered = new ArrayList<>(changed.values());
    ordered.sort(Comparator.comparing((CheckHealth h) -> step.childrenOf().containsKey(h.checkId()))
        .thenComparing(CheckHealth::checkId));
    for (CheckHealth h : ordered) {
      Instant at = timeOf(h.since());
      latest = at != null && (latest == null || at.isAfter(latest)) ? at : latest;
      List<String> causes = new ArrayList<>(List.of(h.checkId()));
      step.childrenOf().getOrDefault(h.checkId(), List.of()).stream().filter(changed::containsKey).sorted()
          .forEach(causes::add);
      entries.add(new HistoryEntry(step.index(), at, HistoryEntry.Kind.HEALTH, h.checkId(), "", "",
          word(!h.healthy()), word(h.healthy()), h.cause(), causes));
    }
    entries.addAll(heldVerdicts(step, changed));
    if (step.answers().isEmpty()) {
      return entries;
    }
    String cause = step.configCause() != null ? step.configCause()
        : "health: " + changed.values().stream().map(h -> h.checkId() + " " + word(h.healthy()))
            .collect(Collectors.joining(", "));
    Instant at = step.configCause() != null ? null : latest;
    List<String> causeChecks = step.configCause() != null ? List.of() : List.copyOf(changed.keySet());
    for (ZoneChange zone : step.answers().changedZones()) {
      Map<RRsetKey, AnswerRRset> old = rrsets(step.answersBefore(), zone.origin());
      for (AnswerRRset upsert : zone.upserts()) {
        entries.add(answer(step.index(), at, upsert.key(), summary(old.get(upsert.key())), summary(upsert), cause,
            causeChecks));
      }
      for (RRsetKey removed : zone.removals()) {
        entries.add(answer(step.index(), at, removed, summary(old.get(removed)), NO_ANSWER, cause, causeChecks));
      }
    }
    for (Name origin : step.answers().removedZones()) {
      rrsets(step.answersBefore(), origin).values().stream().sorted(Comparator.comparing(AnswerRRset::key))
          .forEach(r -> entries.add(answer(step.index(), at, r.key(), summary(r), NO_ANSWER, cause, causeChecks)));
    }
    return entries;
  }

  /** Verdicts that changed without the reported health following: flap damping or hold-down held them. */
  private static List<HistoryEntry> heldVerdicts(Step step, Map<String, CheckHealth> flipped) {
    List<HistoryEntry> held = new ArrayList<>();
    // Only memories the entry replaced (an untouched check keeps the same object): no sort of every check.
    Map<String, HealthMemory> touched = new TreeMap<>();
    step.memoryAfter().forEach((id, after) -> {
      if (after != step.memoryBefore().get(id)) {
        touched.put(id, after);
      }
    });
    touched.forEach((id, after) -> {
      HealthMemory before = step.memoryBefore().get(id);
      CheckHealth health = step.healthAfter().get(id);
      boolean verdictBefore = before != null ? before.verdict()
          : step.healthBefore().containsKey(id) && step.healthBefore().get(id).healthy();
      if (health == null || flipped.containsKey(id) || !step.healthBefore().containsKey(id)
          || after.verdict() == verdictBefore) {
        return;
      }
      String why = after.suppressed()
          ? String.format(Locale.ROOT, "held by flap damping (penalty %.0f)", after.penalty())
          : after.verdict() && !health.healthy() ? "held by the failback hold-down"
          : "reported health stays " + word(health.healthy());
      held.add(new HistoryEntry(step.index(), timeOf(after.verdictSince()), HistoryEntry.Kind.VERDICT, id, "", "",
          word(verdictBefore), word(after.verdict()), why, List.of(id)));
    });
    return held;
  }

  private static HistoryEntry answer(long index, Instant at, RRsetKey key, String before, String after, String cause,
      List<String> causeChecks) {
    return new HistoryEntry(index, at, HistoryEntry.Kind.ANSWER, "", key.name().toString().toLowerCase(Locale.ROOT),
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
