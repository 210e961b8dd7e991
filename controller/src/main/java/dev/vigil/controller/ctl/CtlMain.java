package dev.vigil.controller.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.controller.net.HostPort;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code vigil ctl}: the admin API from the command line. Any controller will do; the next one in
 * {@code --controllers} is tried when one cannot answer. Exit 0 on success, 1 when the controllers
 * refuse or cannot be reached, 2 on usage errors.
 */
@Command(
    name = "vigil ctl",
    mixinStandardHelpOptions = true,
    version = "vigil ctl 0.1.0",
    description = "Apply a config to the controller cluster, show its status, or use the verbs of `aws route53`.",
    subcommands = {CtlMain.Apply.class, CtlMain.Status.class,
        ZoneVerbs.ListHostedZones.class, ZoneVerbs.CreateHostedZone.class, ZoneVerbs.GetHostedZone.class,
        ZoneVerbs.DeleteHostedZone.class, RecordSetVerbs.ListResourceRecordSets.class,
        RecordSetVerbs.ChangeResourceRecordSets.class, RecordSetVerbs.GetChange.class,
        HealthCheckVerbs.CreateHealthCheck.class, HealthCheckVerbs.GetHealthCheck.class,
        HealthCheckVerbs.ListHealthChecks.class, HealthCheckVerbs.UpdateHealthCheck.class,
        HealthCheckVerbs.GetHealthCheckStatus.class, HealthCheckVerbs.DeleteHealthCheck.class, WaitVerbs.class, MembersVerb.class,
        ExplainCommand.class, HistoryCommand.class},
    sortOptions = false)
public final class CtlMain implements Callable<Integer> {

  static final String NAME = "vigil ctl";
  static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--controllers", paramLabel = "HOST:PORT[,HOST:PORT...]", required = true,
      description = "HTTP (--http) addresses of the controllers; any member will do.")
  String controllers;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
      description = "Per request (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  PrintWriter out;
  PrintWriter err;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CtlMain main = new CtlMain();
    main.out = out;
    main.err = err;
    CommandLine cli = new CommandLine(main);
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((e, a) -> {
      err.println(NAME + ": " + oneLine(e) + " (see --help)");
      return 2;
    });
    cli.setExecutionExceptionHandler((e, c, p) -> {
      err.println(NAME + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    });
    return cli.execute(args);
  }

  private static String oneLine(CommandLine.ParameterException e) {
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String arg = u.getUnmatched().get(0);
      return (arg.startsWith("-") ? "unknown option '" : "unexpected argument '") + arg + "'";
    }
    return e.getMessage().lines().findFirst().orElse("bad arguments");
  }

  @Override
  public Integer call() {
    err.println(NAME + ": missing command: apply FILE, status, members or an `aws route53` verb (see --help)");
    return 2;
  }

  /** @throws UsageError for a malformed --controllers */
  AdminClient client() {
    List<String> addresses = new ArrayList<>();
    for (String part : controllers.split(",")) {
      try {
        HostPort.parse(part.strip());
      } catch (IllegalArgumentException e) {
        throw new UsageError("--controllers: " + e.getMessage());
      }
      addresses.add(part.strip());
    }
    if (timeoutSeconds < 1) {
      throw new UsageError("--timeout: must be at least 1, got " + timeoutSeconds);
    }
    return new AdminClient(addresses, Duration.ofSeconds(timeoutSeconds));
  }

  /** Bad arguments found after parsing: one line, exit 2. */
  static final class UsageError extends RuntimeException {
    UsageError(String message) {
      super(message);
    }
  }

  /** Runs a subcommand body, mapping failures to one line and an exit code. */
  int guarded(Callable<Integer> body) {
    try {
      return body.call();
    } catch (UsageError e) {
      err.println(NAME + ": " + e.getMessage() + " (see --help)");
      return 2;
    } catch (AdminClient.Unreachable e) {
      err.println(NAME + ": " + e.getMessage());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    } catch (Exception e) {
      err.println(NAME + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      return 1;
    }
  }

  @Command(name = "apply", mixinStandardHelpOptions = true,
      description = "Apply FILE (the same YAML/JSON as --config) as one atomic change; prints the difference.")
  static final class Apply implements Callable<Integer> {

    @ParentCommand CtlMain ctl;

    @Parameters(paramLabel = "FILE", description = "Zones and health checks, Route 53 field names.")
    Path file;

    @Option(names = "--dry-run", description = "Show the difference only; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      return ctl.guarded(() -> {
        String text;
        try {
          text = Files.readString(file);
        } catch (NoSuchFileException e) {
          throw new UsageError(file + ": no such file");
        } catch (IOException e) {
          throw new UsageError(file + ": cannot read: " + e.getMessage());
        }
        String type = file.toString().endsWith(".json") ? "application/json" : "application/yaml";
        AdminClient.Reply reply = ctl.client().post("/v1/config?dryRun=" + dryRun, text, type);
        return ApplyOutput.print(reply, file.toString(), ctl.out, ctl.err);
      });
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "The leader, the term and every member's role and log position.")
  static final class Status implements Callable<Integer> {

    @ParentCommand CtlMain ctl;

    @Override
    public Integer call() {
      return ctl.guarded(() -> {
        AdminClient.Reply reply = ctl.client().get("/v1/cluster");
        if (reply.status() != 200) {
          ctl.err.println(NAME + ": " + reply.controller() + " answered " + reply.status() + ": " + reply.body());
          return 1;
        }
        JsonNode body = JSON.readTree(reply.body());
        ctl.out.printf("leader %s, term %d (asked %s)%n", text(body, "leader"), body.path("term").asLong(),
            reply.controller());
        ctl.out.printf("%-12s %-22s %-12s %9s %9s  %s%n", "ID", "RAFT ADDRESS", "ROLE", "APPLIED", "COMMITTED", "NOTE");
        for (JsonNode m : body.path("members")) {
          boolean reachable = m.path("error").isNull() || m.path("error").isMissingNode();
          ctl.out.printf("%-12s %-22s %-12s %9s %9s  %s%n", text(m, "id"), text(m, "address"), text(m, "role"),
              reachable ? m.path("appliedIndex").asText() : "-", reachable ? m.path("commitIndex").asText() : "-",
              reachable ? "" : text(m, "error"));
        }
        return 0;
      });
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? "-" : value.asText();
  }
}
