package dev.vigil.e2e.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Failover guarded by a CALCULATED check, on real processes: the primary's check "site" is healthy only when both
 * children are, "app" (HTTP to the primary, 127.0.0.2) and "db" (TCP to a dependency, 127.0.0.4). The secondary
 * (127.0.0.3) has no check. One controller, one agent, one dns-node.
 */
public final class CalculatedDeployment implements AutoCloseable {

  public static final String NAME = "www.example.test.";
  public static final String PRIMARY_IP = "127.0.0.2";
  public static final String SECONDARY_IP = "127.0.0.3";
  public static final String DB_IP = "127.0.0.4";
  private static final String HOST = "127.0.0.1";
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final VigilHome home;
  private final Path work;
  private final Path logs;
  private final List<VigilProcess> processes = new ArrayList<>();
  private DemoBackend primary;
  private DemoBackend secondary;
  private DemoBackend db;
  private String controllerHttp;
  private DnsProbe dns;
  private VigilProcess dnsNode;

  public CalculatedDeployment(VigilHome home, Path work) {
    this.home = home;
    this.work = work;
    this.logs = work.resolve("logs");
  }

  public CalculatedDeployment start() throws IOException, InterruptedException {
    primary = DemoBackend.startOn("primary", PRIMARY_IP);
    secondary = DemoBackend.startOn("secondary", SECONDARY_IP);
    db = DemoBackend.startOn("db", DB_IP);
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
    processes.add(VigilProcess.start(home, "agent", "agent-eu", "96m", logs, List.of(
        "--region", "eu", "--controllers", grpc, "--id", "agent-eu")));
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
          - Id: app
            HealthCheckConfig: {Type: HTTP, IPAddress: %s, Port: %d, RequestInterval: 1, FailureThreshold: 1}
          - Id: db
            HealthCheckConfig: {Type: TCP, IPAddress: %s, Port: %d, RequestInterval: 1, FailureThreshold: 1}
          - Id: site
            HealthCheckConfig: {Type: CALCULATED, ChildHealthChecks: [app, db], HealthThreshold: 2}
        HostedZones:
          - Name: example.test.
            ResourceRecordSets:
              - {Name: www.example.test., Type: A, TTL: 5, SetIdentifier: primary, Failover: PRIMARY,
                 HealthCheckId: site, ResourceRecords: [{Value: %s}]}
              - {Name: www.example.test., Type: A, TTL: 5, SetIdentifier: secondary, Failover: SECONDARY,
                 ResourceRecords: [{Value: %s}]}
        """.formatted(PRIMARY_IP, primary.port(), DB_IP, db.port(), PRIMARY_IP, SECONDARY_IP);
  }

  /** Polls the dns-node until it answers exactly {@code expectedIps} for {@link #NAME}. */
  public DnsProbe.Answer awaitAnswer(Duration timeout, String... expectedIps) throws InterruptedException {
    return Poll.until("dns-node to answer " + List.of(expectedIps) + " (log: " + dnsNode.log() + ")", timeout,
        () -> alive(dnsNode) ? dns.a(NAME) : null, answer -> answer != null && answer.is(expectedIps));
  }

  /** The controller's admin HTTP, e.g. {@code GET /v1/history?check=db}. */
  public HttpGet.Response get(String path) throws IOException, InterruptedException {
    return HttpGet.get(controllerHttp, path);
  }

  private static boolean alive(VigilProcess p) {
    if (!p.isAlive()) {
      String log = p.logText();
      throw new IllegalStateException(p.name() + " exited:\n"
          + (log.length() <= 4000 ? log : log.substring(log.length() - 4000)));
    }
    return true;
  }

  public DemoBackend db() {
    return db;
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
    for (DemoBackend b : new DemoBackend[] {primary, secondary, db}) {
      if (b != null) {
        b.close();
      }
    }
  }
}
