package dev.vigil.agent;

import dev.vigil.agent.link.LinkSettings;
import dev.vigil.agent.ops.OpsServer;
import dev.vigil.agent.probe.AddressResolver;
import dev.vigil.agent.probe.AnyProbe;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.Security;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** `vigil agent`: probes the checks the controllers assign and streams what it sees back to all of them. */
@Command(name = "vigil agent", mixinStandardHelpOptions = true, sortOptions = false,
    version = Agent.SOFTWARE_VERSION,
    description = "Runs health checks from one region and streams observations to every controller.")
public final class AgentMain implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(AgentMain.class);
  private static final Pattern REGION = Pattern.compile("[a-z0-9-]+");

  @Spec
  CommandSpec spec;

  @Option(names = "--region", required = true, paramLabel = "NAME",
      description = "Region this agent probes from, e.g. eu-central-1 ([a-z0-9-]+).")
  String region;

  @Option(names = "--controllers", required = true, split = ",", paramLabel = "HOST:PORT",
      converter = HostPortConverter.class, description = "Every controller's AgentLink address, comma-separated.")
  List<HostPort> controllers;

  @Option(names = "--id", paramLabel = "ID", description = "Stable agent id (default: <hostname>-<region>).")
  String id;

  @Option(names = "--http", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
      description = "Serve /health and /metrics here (off by default).")
  HostPort http;

  @Option(names = "--buffer", paramLabel = "N", defaultValue = "" + LinkSettings.DEFAULT_BUFFER,
      description = "Observations buffered per controller while it is away (default: ${DEFAULT-VALUE}).")
  int buffer;

  @Option(names = "--canary", paramLabel = "URL",
      description = "Canary to probe (repeatable), http:// or https://; when every canary fails, the agent tells "
          + "the controllers that its own network is broken and they leave it out of the quorum.")
  List<String> canaryUrls = new java.util.ArrayList<>();

  @Option(names = "--canary-interval", paramLabel = "SECONDS", defaultValue = "10",
      description = "Seconds between canary rounds (default: ${DEFAULT-VALUE}).")
  int canaryIntervalSeconds;

  @Option(names = "--max-inflight", paramLabel = "N", defaultValue = "" + Agent.DEFAULT_MAX_IN_FLIGHT,
      description = "Probes running at once (each holds a socket); a slot that finds N running is skipped and "
          + "counted, never reported as a failure (default: ${DEFAULT-VALUE}).")
  int maxInFlight;

  public static void main(String[] args) {
    // Route 53 re-resolves a check's FQDN every interval: do not let the JVM cache lookups.
    Security.setProperty("networkaddress.cache.ttl", "0");
    Security.setProperty("networkaddress.cache.negative.ttl", "0");
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Parses and runs; returns the exit code (2 for bad usage, with exactly one line on {@code err}). */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new AgentMain());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler((ex, given) -> {
      err.println(UsageErrors.oneLine(ex, given));
      err.flush();
      return 2;
    });
    return cli.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    validate();
    String agentId = id != null ? id : defaultId(region);
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    java.time.Duration canaryInterval = java.time.Duration.ofSeconds(canaryIntervalSeconds);
    List<dev.vigil.agent.probe.Check> canaries =
        canaryUrls.stream().map(u -> dev.vigil.agent.canary.Canaries.check(u, canaryInterval)).toList();
    Agent agent = new Agent(new Agent.Config(agentId, region, controllers, LinkSettings.defaults(buffer), canaries,
            canaryInterval, maxInFlight),
        Clock.systemUTC(), new AnyProbe(AddressResolver.system()), registry);
    OpsServer ops = null;
    if (http != null) {
      try {
        ops = new OpsServer(new InetSocketAddress(http.host(), http.port()), agent::status, registry);
      } catch (IOException e) {
        spec.commandLine().getErr().println("vigil agent: --http: cannot listen on " + http + ": " + e.getMessage());
        agent.close();
        return 1;
      }
    }
    CountDownLatch stopped = new CountDownLatch(1);
    OpsServer opsServer = ops;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("event=agent.stopping id={}", agentId);
      if (opsServer != null) {
        opsServer.close();
      }
      agent.close();
      log.info("event=agent.stopped id={}", agentId);
      stopped.countDown();
    }, "vigil-shutdown"));
    agent.start();
    log.info("event=agent.started id={} region={} controllers={} http={} buffer={}", agentId, region, controllers,
        opsServer == null ? "off" : opsServer.address(), buffer);
    stopped.await();
    return 0;
  }

  private void validate() {
    if (!REGION.matcher(region).matches()) {
      throw new ParameterException(spec.commandLine(), "--region: '" + region + "' must match [a-z0-9-]+");
    }
    if (buffer < 1) {
      throw new ParameterException(spec.commandLine(), "--buffer: must be at least 1, got " + buffer);
    }
    if (maxInFlight < 1) {
      throw new ParameterException(spec.commandLine(), "--max-inflight: must be at least 1, got " + maxInFlight);
    }
    if (canaryIntervalSeconds < 1) {
      throw new ParameterException(spec.commandLine(), "--canary-interval: must be at least 1, got "
          + canaryIntervalSeconds);
    }
    for (String url : canaryUrls) {
      try {
        dev.vigil.agent.canary.Canaries.check(url, java.time.Duration.ofSeconds(canaryIntervalSeconds));
      } catch (dev.vigil.agent.canary.Canaries.BadCanary e) {
        throw new ParameterException(spec.commandLine(), "--canary: " + e.getMessage());
      }
    }
    if (id != null && id.isBlank()) {
      throw new ParameterException(spec.commandLine(), "--id: must not be empty");
    }
  }

  static String defaultId(String region) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = System.getenv().getOrDefault("HOSTNAME", "agent");
    }
    return host + "-" + region;
  }

  /** HOST:PORT option values. */
  static final class HostPortConverter implements CommandLine.ITypeConverter<HostPort> {
    @Override
    public HostPort convert(String value) {
      try {
        return HostPort.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
