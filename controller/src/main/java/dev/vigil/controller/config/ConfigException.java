package dev.vigil.controller.config;

import java.util.List;

/** A configuration that cannot be used, with every problem found in it (never just the first). */
public final class ConfigException extends Exception {

  private final String source;
  private final List<ConfigProblem> problems;

  public ConfigException(String source, List<ConfigProblem> problems) {
    super(format(source, problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.source = source;
    this.problems = List.copyOf(problems);
  }

  /** The file name (or other label) the configuration came from. */
  public String source() {
    return source;
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String format(String source, List<ConfigProblem> problems) {
    StringBuilder out = new StringBuilder()
        .append(source).append(": ").append(problems.size())
        .append(problems.size() == 1 ? " problem" : " problems");
    for (ConfigProblem problem : problems) {
      out.append('\n').append("  ").append(problem);
    }
    return out.toString();
  }
}
