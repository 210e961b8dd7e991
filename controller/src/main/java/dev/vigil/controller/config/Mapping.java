package dev.vigil.controller.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One mapping of the file, read field by field. Every mistake (missing, wrong type, unknown field) becomes a
 * problem at the field's path and the getter returns empty, so reading goes on and finds the rest.
 */
final class Mapping {

  private final JsonNode node;
  private final String path;
  private final Problems problems;

  private Mapping(JsonNode node, String path, Problems problems) {
    this.node = node;
    this.path = path;
    this.problems = problems;
  }

  /** The mapping at {@code path}, or empty (with a problem) if the node is something else. */
  static Optional<Mapping> of(JsonNode node, String path, Problems problems) {
    if (node == null || !node.isObject()) {
      problems.add(path, "must be a mapping, got " + kind(node));
      return Optional.empty();
    }
    return Optional.of(new Mapping(node, path, problems));
  }

  String path() {
    return path;
  }

  static String join(String path, String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  String path(String field) {
    return join(path, field);
  }

  Problems problems() {
    return problems;
  }

  /**
   * Reports every field that is not in {@code known}. Fields in {@code unsupported} (Route 53 features we do
   * not implement) say so instead of "unknown".
   */
  void allowOnly(List<String> known, Set<String> unsupported) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (known.contains(name)) {
        continue;
      }
      if (unsupported.contains(name)) {
        problems.add(path(name), "not supported yet");
      } else {
        problems.add(path(name), "unknown field" + suggestion(name, known));
      }
    }
  }

  /** Present and not null. */
  boolean has(String field) {
    JsonNode value = node.get(field);
    return value != null && !value.isNull();
  }

  JsonNode raw(String field) {
    return node.get(field);
  }

  Optional<String> string(String field, boolean required) {
    if (!present(field, required)) {
      return Optional.empty();
    }
    JsonNode value = node.get(field);
    if (!value.isTextual()) {
      problems.add(path(field), "must be a string, got " + kind(value));
      return Optional.empty();
    }
    return Optional.of(value.asText());
  }

  /** A whole number of at least {@code min} (and at most int's maximum, which no one means to reach). */
  OptionalLong atLeast(String field, long min) {
    return integer(field, false, min, Integer.MAX_VALUE, "at least " + min);
  }

  /** A whole number within [min, max]. */
  OptionalLong integer(String field, boolean required, long min, long max) {
    return integer(field, required, min, max, min + "-" + max);
  }

  private OptionalLong integer(String field, boolean required, long min, long max, String range) {
    if (!present(field, required)) {
      return OptionalLong.empty();
    }
    JsonNode value = node.get(field);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      problems.add(path(field), "must be a whole number, got " + kind(value) + " " + value);
      return OptionalLong.empty();
    }
    long number = value.asLong();
    if (number < min || number > max) {
      problems.add(path(field), "must be " + range + ", got " + number);
      return OptionalLong.empty();
    }
    return OptionalLong.of(number);
  }

  /** A number (whole or decimal) in [0, 1). */
  java.util.OptionalDouble fraction(String field) {
    double min = 0;
    double maxExclusive = 1;
    if (!present(field, false)) {
      return java.util.OptionalDouble.empty();
    }
    JsonNode value = node.get(field);
    if (!value.isNumber()) {
      problems.add(path(field), "must be a number, got " + kind(value) + " " + value);
      return java.util.OptionalDouble.empty();
    }
    double number = value.asDouble();
    if (!(number >= min && number < maxExclusive)) {
      problems.add(path(field), "must be a fraction in [0, 1), e.g. 0.5 for a majority, got " + value);
      return java.util.OptionalDouble.empty();
    }
    return java.util.OptionalDouble.of(number);
  }

  Optional<Boolean> bool(String field) {
    if (!present(field, false)) {
      return Optional.empty();
    }
    JsonNode value = node.get(field);
    if (!value.isBoolean()) {
      problems.add(path(field), "must be true or false, got " + kind(value) + " " + value);
      return Optional.empty();
    }
    return Optional.of(value.asBoolean());
  }

  /** The items of a list field; empty list when absent and not required. */
  Optional<List<JsonNode>> list(String field, boolean required) {
    if (!present(field, required)) {
      return required ? Optional.empty() : Optional.of(List.of());
    }
    JsonNode value = node.get(field);
    if (!value.isArray()) {
      problems.add(path(field), "must be a list, got " + kind(value));
      return Optional.empty();
    }
    List<JsonNode> items = new ArrayList<>();
    value.forEach(items::add);
    return Optional.of(items);
  }

  private boolean present(String field, boolean required) {
    if (has(field)) {
      return true;
    }
    if (required) {
      problems.add(path(field), "required");
    }
    return false;
  }

  static String kind(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    return switch (node.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "a mapping";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
    };
  }

  /** " (did you mean X?)" when a known name is a likely intent, else " (expected A, B or C)". */
  static String suggestion(String name, List<String> known) {
    for (String candidate : known) {
      int allowed = Math.min(candidate.length(), name.length()) < 5 ? 1 : 2;
      if (editDistance(candidate.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT)) <= allowed) {
        return " (did you mean " + candidate + "?)";
      }
    }
    return " (expected " + oneOf(known) + ")";
  }

  static String oneOf(List<String> names) {
    if (names.size() == 1) {
      return names.getFirst();
    }
    return names.subList(0, names.size() - 1).stream().collect(Collectors.joining(", "))
        + " or " + names.getLast();
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
  static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
