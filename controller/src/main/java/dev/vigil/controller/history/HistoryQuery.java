package dev.vigil.controller.history;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * Which history entries to show: every filter given must match; the newest {@code limit} of them, oldest first.
 *
 * @param checkId HEALTH entries of this check and ANSWER entries its transitions caused; null for all
 * @param name ANSWER entries of this owner name (absolute, lower case); null for all
 * @param type ANSWER entries of this type mnemonic (upper case); null for all
 * @param since entries at or after this time (entries without a time, config changes, are left out); null for all
 */
public record HistoryQuery(String checkId, String name, String type, Instant since, int limit) {

  public static final int DEFAULT_LIMIT = 100;
  public static final int MAX_LIMIT = 10_000;

  /** A parameter that cannot be understood; the message names it and says what is expected. */
  public static final class BadParameter extends IllegalArgumentException {
    BadParameter(String message) {
      super(message);
    }
  }

  /**
   * Parses the HTTP query parameters (any may be null or blank).
   *
   * @throws BadParameter with a message such as "limit: must be a whole number 1-10000, got 'x'"
   */
  public static HistoryQuery parse(String check, String name, String type, String since, String limit) {
    return new HistoryQuery(blankToNull(check), name(blankToNull(name)), type(blankToNull(type)),
        since(blankToNull(since)), limit(blankToNull(limit)));
  }

  public List<HistoryEntry> select(History history) {
    List<HistoryEntry> matched = new ArrayList<>();
    for (HistoryEntry e : history.entries()) {
      if (matches(e)) {
        matched.add(e);
      }
    }
    return matched.size() <= limit ? matched : List.copyOf(matched.subList(matched.size() - limit, matched.size()));
  }

  /** How many entries match, before the limit. */
  public int count(History history) {
    int n = 0;
    for (HistoryEntry e : history.entries()) {
      n += matches(e) ? 1 : 0;
    }
    return n;
  }

  boolean matches(HistoryEntry e) {
    if (checkId != null && !e.checkId().equals(checkId) && !e.causeChecks().contains(checkId)) {
      return false;
    }
    if (name != null && !e.name().equals(name)) {
      return false;
    }
    if (type != null && !e.type().equals(type)) {
      return false;
    }
    return since == null || (e.at() != null && !e.at().isBefore(since));
  }

  private static String name(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Name.fromString(text, Name.root).toString().toLowerCase(Locale.ROOT);
    } catch (TextParseException e) {
      throw new BadParameter("name: not a valid domain name '" + text + "': " + e.getMessage());
    }
  }

  private static String type(String text) {
    if (text == null) {
      return null;
    }
    int value = Type.value(text.toUpperCase(Locale.ROOT));
    if (value < 0) {
      throw new BadParameter("type: not a DNS type, got '" + text + "' (e.g. A, AAAA, CNAME)");
    }
    return Type.string(value);
  }

  private static Instant since(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadParameter("since: must be an ISO-8601 UTC time such as 2026-01-31T08:00:00Z, got '" + text + "'");
    }
  }

  private static int limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int n = Integer.parseInt(text);
      if (n >= 1 && n <= MAX_LIMIT) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadParameter("limit: must be a whole number 1-" + MAX_LIMIT + ", got '" + text + "'");
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
