package dev.vigil.e2e.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Failover guarded by an HTTPS_STR_MATCH check, on real processes: an HTTPS primary with a self-signed
 * certificate (127.0.0.2) whose page can lose its search string, a plain HTTP secondary (127.0.0.3), one
 * controller, one agent in each of three regions (the check names two of them), one dns-node.
 */
public final class StringMatchDeployment implements AutoCloseable {

  public static final List<String> REGIONS = List.of("eu-central-1", "us-east-1", "ap-northeast-1");
  /** The regions the check lists: the third agent must never probe it. */
  public static final List<String> CHECK_REGIONS = List.of("eu-central-1", "us-east-1");
  public static final String NAME = "www.example.test.";
  public static final String CHECK_ID = "web-primary";
  public static final String SEARCH_STRING = "status: serving";
  public static final String PRIMARY_IP = "127.0.0.2";
  public static final String SECONDARY_IP = "127.0.0.3";
  public static final int CERTIFICATE_DAYS = 20;
  /**
   * 5 s, not 1 s: at 1 s the whole HTTPS probe must fit in 450 ms (response phase 225 ms), which a cold agent
   * JVM's first TLS handshakes do not meet on a loaded 2-core machine. Route 53 itself allows 10 or 30 s.
   */
  // 10 s gives every probe Route 53's full phase timeouts (connect 4 s, status 2 s, body 2 s): a cold
  // agent JVM's first TLS handshakes do not fit the scaled-down phases of a shorter interval.
  public static final int INTERVAL_SECONDS = 10;
  private static final String HOST = "127.0.0.1";
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final VigilHome home;
  private final Path work;
  private final Path logs;
  private final List<VigilProcess> processes = new ArrayList<>();
  private TlsBackend primary;
  private DemoBackend secondary;
  private String controllerHttp;
  private DnsProbe dns;
  private VigilProcess dnsNode;

  public StringMatchDeployment(VigilHome home, Path work) {
    this.home = home;
    this.work = work;
    this.logs = work.resolve("logs");
  }

  public StringMatchDeployment start() throws IOException, InterruptedException {
    primary = TlsBackend.startOn(PRIMARY_IP, "www.example.test", CERTIFICATE_DAYS, work,
        "<html>" + "x".repeat(1000) + SEARCH_STRING + "</html>");
    secondary = DemoBackend.startOn("secondary", SECONDARY_IP);
    Files.createDirectories(work);
    Path config = work.resolve("vigil.yaml");
    Files.writeString(config, configText());
    String grpc = HOST + ":" + FreePorts.tcp(HOST);
    controllerHttp = HOST + ":" + FreePorts.tcp(HOST);
    VigilProcess controller = VigilProcess.start(home, "controller", "controller", "256m", logs, List.of(
        "--config", config.toString(), "--grpc", grpc, "--http", controllerHttp,
        "--raft", HOST + ":" + FreePorts.tcp(HOST), "--data", work.resolve("controller").toString()));
    processes.add(controller);
    Poll.until("controller /health (log: " + controller.log() + ")", STARTUP,
        () -> alive(controller) && HttpGet.healthy(controllerHttp), ok -> ok);
    for (String region : REGIONS) {
      processes.add(VigilProcess.start(home, "agent", "agent-" + region, "96m", logs, List.of(
          "--region", region, "--controllers", grpc, "--id", "agent-" + region)));
    }
    InetSocketAddress listen = new InetSocketAddress(HOST, FreePorts.tcpAndUdp(HOST));
    dnsNode = VigilProcess.start(home, "dns-node", "dns-node", "128m", logs, List.of(
        "--listen", HOST + ":" + listen.getPort(), "--controllers", grpc,
        "--data", work.resolve("dns-node").toString(), "--http", HOST + ":" + FreePorts.tcp(HOST)));
    processes.add(dnsNode);
    dns = new DnsProbe(listen, false, Duration.ofSeconds(1));
    awaitAnswer(STARTUP, PRIMARY_IP);
    return this;
  }

  String configText() {
    return """
        HealthChecks:
          - Id: %s
            HealthCheckConfig: {Type: HTTPS_STR_MATCH, IPAddress: %s, FullyQualifiedDomainName: www.example.test,
                                Port: %d, ResourcePath: /status, SearchString: "%s",
                                RequestInterval: %d, FailureThreshold: 1, Regions: [%s]}
        HostedZones:
          - Name: example.test.
            ResourceRecordSets:
              - {Name: www.example.test., Type: A, TTL: 5, SetIdentifier: primary, Failover: PRIMARY,
                 HealthCheckId: %s, ResourceRecords: [{Value: %s}]}
              - {Name: www.example.test., Type: A, TTL: 5, SetIdentifier: secondary, Failover: SECONDARY,
                 ResourceRecords: [{Value: %s}]}
        """.formatted(CHECK_ID, PRIMARY_IP, primary.port(), SEARCH_STRING, INTERVAL_SECONDS, String.join(", ", CHECK_REGIONS),
            CHECK_ID, PRIMARY_IP, SECONDARY_IP);
  }

  /** Polls the dns-node until it answers exactly {@code expectedIps} for {@link #NAME}. */
  public DnsProbe.Answer awaitAnswer(Duration timeout, String... expectedIps) throws InterruptedException {
    return Poll.until("dns-node to answer " + List.of(expectedIps) + " (log: " + dnsNode.log() + ")", timeout,
        () -> alive(dnsNode) ? dns.a(NAME) : null, answer -> answer != null && answer.is(expectedIps));
  }

  /** The controller's {@code GET /v1/health-checks/web-primary/status} body (JSON). */
  public String checkStatus() throws IOException, InterruptedException {
    return HttpGet.get(controllerHttp, "/v1/health-checks/" + CHECK_ID + "/status").body();
  }

  private static boolean alive(VigilProcess p) {
    if (!p.isAlive()) {
      String log = p.logText();
      throw new IllegalStateException(p.name() + " exited:\n"
          + (log.length() <= 4000 ? log : log.substring(log.length() - 4000)));
    }
    return true;
  }

  public TlsBackend primary() {
    return primary;
  }

  public Path logs() {
    return logs;
  }

  @Override
  public void close() throws InterruptedException {
    processes.forEach(VigilProcess::requestStop);
    for (VigilProcess p : processes) {
      try {
        p.close();
      } catch (Exception e) {
        // keep stopping the others
      }
    }
    if (primary != null) {
      primary.close();
    }
    if (secondary != null) {
      secondary.close();
    }
  }
}
