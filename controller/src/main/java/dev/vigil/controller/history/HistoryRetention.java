package dev.vigil.controller.history;

import java.time.Duration;

/**
 * How much history every member keeps: the newest {@code maxEntries}, and nothing older than {@code maxAge}
 * before the newest timed entry (log time, not this member's clock, so every member keeps the same entries).
 */
public record HistoryRetention(int maxEntries, Duration maxAge) {

  public static final HistoryRetention DEFAULT = new HistoryRetention(10_000, Duration.ofDays(7));

  public HistoryRetention {
    if (maxEntries < 0 || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("history retention needs maxEntries >= 0 and a positive maxAge");
    }
  }
}
