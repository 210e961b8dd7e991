package dev.vigil.dnsnode;

import picocli.CommandLine;

/** Turns picocli and startup errors into the single line the CLI prints. */
final class CliErrors {

    private CliErrors() {}

    static String oneLine(CommandLine.ParameterException ex, String[] args) {
        String unknown = firstUnknownOption(ex.getCommandLine(), args);
        if (unknown != null) {
            return "unknown option '" + unknown + "'"; // reported before missing options: it is usually the cause
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String arg = unmatched.getUnmatched().getFirst();
            return arg.startsWith("-") ? "unknown option '" + arg + "'" : "unexpected argument '" + arg + "'";
        }
        if (ex.getCause() instanceof CommandLine.TypeConversionException conversion
                && ex.getArgSpec() instanceof CommandLine.Model.OptionSpec option) {
            return option.longestName() + ": " + conversion.getMessage();
        }
        return firstLine(ex);
    }

    private static String firstUnknownOption(CommandLine cmd, String[] args) {
        var options = cmd.getCommandSpec().optionsMap();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                return null;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            CommandLine.Model.OptionSpec option = options.get(name);
            if (option != null) {
                if (!arg.contains("=") && option.arity().max() > 0) {
                    i++; // its value, whatever it looks like
                }
            } else if (name.startsWith("-") && name.length() > 1) {
                return arg;
            }
        }
        return null;
    }

    static String firstLine(Throwable ex) {
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        int newline = message.indexOf('\n');
        return (newline < 0 ? message : message.substring(0, newline)).strip();
    }
}
