package dev.vigil.controller;

import dev.vigil.controller.change.ConfigChanges;
import dev.vigil.controller.cluster.RaftMember;
import dev.vigil.controller.config.ConfigException;
import dev.vigil.controller.config.ConfigLoader;
import dev.vigil.controller.history.HistoryRetention;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.net.HostPort;
import io.github.resilience4j.core.IntervalFunction;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code vigil controller}: parse flags, load the config, run until SIGTERM. */
@CommandLine.Command(
    name = "vigil controller",
    mixinStandardHelpOptions = true,
    version = "vigil controller 0.1.0",
    description = "Decides health from agents' observations (replicated with Raft) and feeds DNS answers to dns-nodes.",
    sortOptions = false)
public final class ControllerMain implements java.util.concurrent.Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(ControllerMain.class);
  static final String NAME = "vigil controller";
  static final Duration LEADER_WAIT = Duration.ofSeconds(30);
  private static final IntervalFunction STARTUP_BACKOFF =
      IntervalFunction.ofExponentialRandomBackoff(200, 2.0, 0.5, 5_000);

  @Option(names = "--config", paramLabel = "FILE", description = "Zones and health checks (YAML/JSON, Route 53 field names); applied through Raft.")
  Path config;

  @Option(names = "--grpc", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7070", description = "Agents and dns-nodes connect here (default ${DEFAULT-VALUE}).")
  String grpc;

  @Option(names = "--http", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7080", description = "/health, /metrics, /v1/state (default ${DEFAULT-VALUE}).")
  String http;

  @Option(names = "--raft", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7071", description = "Raft transport, single member (default ${DEFAULT-VALUE}); ignored when --peers names this id.")
  String raft;

  @Option(names = "--id", paramLabel = "ID", defaultValue = "c1", description = "This controller's Raft member id (default ${DEFAULT-VALUE}).")
  String id;

  @Option(names = "--peers", paramLabel = "ID=HOST:PORT,...", description = "Every Raft member, this one included.")
  String peers;

  @Option(names = "--join", description = "Start outside the group and wait to be added "
      + "(vigil ctl members add); --peers names the current members and this one.")
  boolean join;

  @Option(names = "--data", paramLabel = "DIR", description = "Raft log and snapshots (default .vigil/controller-<id>).")
  Path data;

  @Option(names = "--snapshot-every", paramLabel = "N", defaultValue = "10000",
      description = "Take a snapshot (and purge the log up to it) every N entries (default ${DEFAULT-VALUE}).")
  long snapshotEvery;

  @Option(names = "--history-entries", paramLabel = "N", defaultValue = "10000",
      description = "Health transitions and answer changes kept for GET /v1/history (default ${DEFAULT-VALUE}); use the same on every member.")
  int historyEntries;

  @Option(names = "--history-max-age", paramLabel = "DURATION", defaultValue = "7d",
      description = "Drop history older than this before the newest entry, e.g. 36h, 7d (default ${DEFAULT-VALUE}).")
  String historyMaxAge;

  @Option(names = "--confirm-probes", paramLabel = "on|off", defaultValue = "on",
      description = "When an agent's result disagrees with a check's decided health, the leader asks the other "
          + "agents assigned the check to probe it now (default ${DEFAULT-VALUE}).")
  String confirmProbes;

  private final PrintWriter err;
  private final CountDownLatch stop = new CountDownLatch(1);

  ControllerMain(PrintWriter err) {
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new ControllerMain(err));
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((e, a) -> {
      err.println(NAME + ": " + oneLine(e) + " (see --help)");
      return 2;
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
  public Integer call() throws Exception {
    ControllerRuntime.Settings settings;
    try {
      settings = settings();
    } catch (IllegalArgumentException e) {
      err.println(NAME + ": " + e.getMessage() + " (see --help)");
      return 2;
    }
    DesiredState desired = null;
    if (config != null) {
      try {
        desired = ConfigLoader.load(config);
      } catch (ConfigException e) {
        err.println(e.getMessage());
        return 2;
      }
    }
    ControllerRuntime runtime;
    try {
      runtime = ControllerRuntime.start(settings, Clock.systemUTC());
    } catch (Exception e) {
      err.println(NAME + ": cannot start: " + e.getMessage());
      return 1;
    }
    Thread hook = new Thread(() -> {
      log.info("event=controller.stopping");
      runtime.close();
      stop.countDown();
    }, "vigil-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      awaitLeader(runtime);
      if (desired != null) {
        applyStartupConfig(runtime, desired, "--config " + config);
      }
      runtime.configApplied();
      log.info("event=controller.ready grpc={}:{} http={}:{} raft={} leader={}",
          settings.grpc().host(), runtime.grpcPort(), settings.http().host(), runtime.httpPort(),
          self(settings).address(), runtime.raft().leaderId().orElse("?"));
      stop.await();
      return 0;
    } catch (Exception e) {
      err.println(NAME + ": " + e.getMessage());
      return 1;
    } finally {
      if (stop.getCount() > 0) {
        Runtime.getRuntime().removeShutdownHook(hook);
        runtime.close();
      }
    }
  }

  /** A member started before its peers, or during a slow election, waits for them instead of exiting. */
  private static void awaitLeader(ControllerRuntime runtime) throws InterruptedException {
    long waited = 0;
    while (!runtime.raft().awaitLeader(LEADER_WAIT)) {
      waited += LEADER_WAIT.toSeconds();
      log.warn("event=raft.no_leader waited_s={} hint=\"are a majority of the --peers up?\"", waited);
    }
  }

  /**
   * Applies {@code --config} once the group can commit. A group that loses its leader meanwhile is
   * retried with exponential backoff and jitter; the process stays up and not ready until it succeeds.
   */
  static void applyStartupConfig(ControllerRuntime runtime, DesiredState desired, String source)
      throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        applyConfig(runtime, desired, source);
        return;
      } catch (ConfigChanges.Unavailable e) {
        long pause = STARTUP_BACKOFF.apply(attempt);
        log.warn("event=config.apply_retry attempt={} retry_in_ms={} error=\"{}\"", attempt, pause, e.getMessage());
        Thread.sleep(pause);
      }
    }
  }

  /** Through the same path as the admin API: unchanged configs write nothing (a restart changes nothing). */
  static void applyConfig(ControllerRuntime runtime, DesiredState desired, String source) throws Exception {
    runtime.configChanges().apply(desired, source, false);
  }

  private ControllerRuntime.Settings settings() {
    HostPort grpcAddress = flag("--grpc", grpc);
    HostPort httpAddress = flag("--http", http);
    List<RaftMember> members;
    if (peers == null) {
      flag("--raft", raft);
      members = List.of(new RaftMember(id, raft));
    } else {
      try {
        members = RaftMember.parseList(peers);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--peers: " + e.getMessage());
      }
      if (members.stream().noneMatch(m -> m.id().equals(id))) {
        throw new IllegalArgumentException("--peers: does not name this controller's --id '" + id + "'");
      }
    }
    if (snapshotEvery < 1) {
      throw new IllegalArgumentException("--snapshot-every: must be at least 1, got " + snapshotEvery);
    }
    if (id.isBlank()) {
      throw new IllegalArgumentException("--id: must not be empty");
    }
    boolean confirm = switch (confirmProbes) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException("--confirm-probes: '" + confirmProbes + "' is not on or off");
    };
    Path dataDir = data != null ? data : Path.of(".vigil", "controller-" + id);
    if (historyEntries < 0) {
      throw new IllegalArgumentException("--history-entries: must be at least 0, got " + historyEntries);
    }
    HistoryRetention history = new HistoryRetention(historyEntries, duration("--history-max-age", historyMaxAge));
    return new ControllerRuntime.Settings(id, members, dataDir, grpcAddress, httpAddress, config != null, snapshotEvery,
        join, history, confirm);
  }

  /** "90s", "15m", "36h", "7d". */
  static java.time.Duration duration(String flag, String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("([1-9][0-9]{0,8})([smhd])").matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(flag + ": '" + text + "' is not a duration such as 90s, 15m, 36h or 7d");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> java.time.Duration.ofSeconds(n);
      case "m" -> java.time.Duration.ofMinutes(n);
      case "h" -> java.time.Duration.ofHours(n);
      default -> java.time.Duration.ofDays(n);
    };
  }

  private RaftMember self(ControllerRuntime.Settings settings) {
    return settings.members().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
  }

  private static HostPort flag(String name, String value) {
    try {
      return HostPort.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage());
    }
  }
}
