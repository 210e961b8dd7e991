package dev.vigil.agent;

import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** Turns picocli's parse errors into the one line a user sees, e.g. "vigil agent: unknown option '--foo' (see --help)". */
final class UsageErrors {

  private static final String PREFIX = "vigil agent: ";
  private static final String HINT = " (see --help)";

  private UsageErrors() {}

  static String oneLine(ParameterException ex, String[] args) {
    String unknown = unknownOption(ex.getCommandLine(), args);
    String text = unknown != null ? "unknown option '" + unknown + "'" : describe(ex);
    return PREFIX + text.lines().findFirst().orElse("invalid arguments") + HINT;
  }

  /** An unknown option is the most useful complaint, even when picocli reports a missing one first. */
  private static String unknownOption(CommandLine cli, String[] args) {
    if (cli == null || args == null) {
      return null;
    }
    for (String arg : args) {
      if (arg.startsWith("-") && arg.length() > 1 && !arg.equals("--")
          && !cli.getCommandSpec().optionsMap().containsKey(optionName(arg))) {
        return optionName(arg);
      }
    }
    return null;
  }

  private static String describe(ParameterException ex) {
    if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String arg = u.getUnmatched().getFirst();
      return arg.startsWith("-") ? "unknown option '" + optionName(arg) + "'" : "unexpected argument '" + arg + "'";
    }
    if (ex instanceof CommandLine.MissingParameterException m && !m.getMissing().isEmpty()) {
      boolean valueMissing = ex.getMessage() != null && ex.getMessage().startsWith("Missing required parameter");
      String names = m.getMissing().stream().map(UsageErrors::name).collect(Collectors.joining(", "));
      return valueMissing ? names.replace("'", "") + ": missing value"
          : "missing required option" + (m.getMissing().size() > 1 ? "s " : " ") + names;
    }
    if (ex.getCause() instanceof CommandLine.TypeConversionException t && ex.getArgSpec() != null) {
      return name(ex.getArgSpec()).replace("'", "") + ": " + t.getMessage();
    }
    if (ex.getArgSpec() instanceof OptionSpec o && ex.getMessage() != null
        && ex.getMessage().startsWith("Invalid value")) {
      int colon = ex.getMessage().indexOf(": ");
      return o.longestName() + ": " + (colon >= 0 ? ex.getMessage().substring(colon + 2) : ex.getMessage());
    }
    return ex.getMessage() == null ? "invalid arguments" : ex.getMessage();
  }

  private static String name(ArgSpec arg) {
    return arg instanceof OptionSpec o ? "'" + o.longestName() + "'" : "'" + arg.paramLabel() + "'";
  }

  private static String optionName(String arg) {
    int eq = arg.indexOf('=');
    return eq > 0 ? arg.substring(0, eq) : arg;
  }
}
