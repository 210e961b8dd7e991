package dev.vigil.controller.model;

import java.util.Arrays;
import java.util.List;

/**
 * Native {@code AllUnhealthy}: what a group of record sets (one name and type) answers when every record set in it is
 * unhealthy. Route 53 always does {@link #SERVE_ALL}.
 */
public enum AllUnhealthy {
  /** Route 53: treat every record set as healthy and route as usual (fail open). */
  SERVE_ALL("serve-all"),
  /** No records (NOERROR, no answer). */
  SERVE_NONE("serve-none"),
  /** What the group answered before all became unhealthy; serve-all when it never answered. */
  SERVE_LAST_HEALTHY("serve-last-healthy");

  private final String text;

  AllUnhealthy(String text) {
    this.text = text;
  }

  /** As written in the config, e.g. "serve-none". */
  public String text() {
    return text;
  }

  public static List<String> texts() {
    return Arrays.stream(values()).map(AllUnhealthy::text).toList();
  }

  public static AllUnhealthy fromText(String text) {
    for (AllUnhealthy value : values()) {
      if (value.text.equals(text)) {
        return value;
      }
    }
    throw new IllegalArgumentException("unknown AllUnhealthy '" + text + "'");
  }
}
