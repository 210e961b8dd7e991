package dev.vigil.controller.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Every health transition and answer change, oldest first, within {@link HistoryRetention}. Immutable; derived
 * from the applied log alone, so every member holds the same history at the same index, and kept in snapshots.
 */
public record History(HistoryRetention retention, List<HistoryEntry> entries) {

  public static final History EMPTY = new History(HistoryRetention.DEFAULT, List.of());

  public History {
    entries = List.copyOf(entries);
  }

  public static History empty(HistoryRetention retention) {
    return new History(retention, List.of());
  }

  /** This history with {@code added} appended, then pruned to the retention. */
  public History plus(List<HistoryEntry> added) {
    if (added.isEmpty()) {
      return this;
    }
    List<HistoryEntry> all = new ArrayList<>(entries.size() + added.size());
    all.addAll(entries);
    all.addAll(added);
    return new History(retention, pruned(all, retention));
  }

  /** The same entries kept under another retention (a member restarted with other limits). */
  public History withRetention(HistoryRetention next) {
    return new History(next, pruned(entries, next));
  }

  private static List<HistoryEntry> pruned(List<HistoryEntry> all, HistoryRetention retention) {
    Instant newest = null;
    for (HistoryEntry e : all) {
      if (e.at() != null && (newest == null || e.at().isAfter(newest))) {
        newest = e.at();
      }
    }
    Instant oldestKept = newest == null ? null : newest.minus(retention.maxAge());
    int from = Math.max(0, all.size() - retention.maxEntries());
    List<HistoryEntry> kept = new ArrayList<>(all.size() - from);
    for (HistoryEntry e : all.subList(from, all.size())) {
      if (oldestKept == null || e.at() == null || !e.at().isBefore(oldestKept)) {
        kept.add(e);
      }
    }
    return kept;
  }
}
