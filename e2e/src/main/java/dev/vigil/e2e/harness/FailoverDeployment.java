package dev.vigil.e2e.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole failover path on real processes: two HTTP backends (primary on 127.0.0.2, secondary
 * on 127.0.0.3), one controller, one agent per region and N dns-nodes, all on loopback. The demo
 * and the end-to-end tests both drive this.
 */
public final class FailoverDeployment implements AutoCloseable {

  public static final List<String> REGIONS = List.of("eu-central-1", "us-east-1", "ap-northeast-1");
  public static final String NAME = "www.example.test.";
  public static final String PRIMARY_IP = "127.0.0.2";
  public static final String SECONDARY_IP = "127.0.0.3";
  private static final String HOST = "127.0.0.1";
  private static final Duration STARTUP = Duration.ofSeconds(90);

  /**
   * @param dnsListen where each dns-node listens; port 0 picks a free one
   */
  public record Options(Path workDir, int requestIntervalSeconds, int failureThreshold,
      List<InetSocketAddress> dnsListen) {}

  private final VigilHome home;
  private final Options options;
  private final Path logs;
  private final List<VigilProcess> agents = new ArrayList<>();
  private final List<DnsNode> dnsNodes = new ArrayList<>();
  private DemoBackend primary;
  private DemoBackend secondary;
  private VigilProcess controller;
  private String controllerGrpc;
  private String controllerHttp;

  /** A running dns-node and how to reach it. */
  public record DnsNode(int index, VigilProcess process, InetSocketAddress listen, String http,
      Path data) {
    public DnsProbe udp() {
      return new DnsProbe(listen, false, Duration.ofSeconds(1));
    }

    public DnsProbe tcp() {
      return new DnsProbe(listen, true, Duration.ofSeconds(2));
    }
  }

  public FailoverDeployment(VigilHome home, Options options) {
    this.home = home;
    this.options = options;
    this.logs = options.workDir().resolve("logs");
  }

  /** Starts everything and returns once every dns-node answers the primary. */
  public FailoverDeployment start() throws IOException, InterruptedException {
    primary = DemoBackend.startOn("primary", PRIMARY_IP);
    secondary = DemoBackend.startOn("secondary", SECONDARY_IP);
    startController();
    for (String region : REGIONS) {
      agents.add(startAgent(region));
    }
    for (int i = 0; i < options.dnsListen().size(); i++) {
      InetSocketAddress listen = options.dnsListen().get(i);
      if (listen.getPort() == 0) {
        listen = new InetSocketAddress(listen.getHostString(), FreePorts.tcpAndUdp(listen.getHostString()));
      }
      dnsNodes.add(startDnsNode(i, listen, options.workDir().resolve("dns-node-" + i)));
    }
    for (DnsNode node : dnsNodes) {
      awaitAnswer(node, STARTUP, PRIMARY_IP);
    }
    return this;
  }

  public String configText() {
    return """
        HealthChecks:
          - Id: web-primary
            HealthCheckConfig: {Type: HTTP, IPAddress: %s, Port: %d, ResourcePath: /,
                                RequestInterval: %d, FailureThreshold: %d}
        HostedZones:
          - Name: example.test.
            ResourceRecordSets:
              - {Name: www.example.test., Type: A, TTL: 5, SetIdentifier: primary, Failover: PRIMARY,
                 HealthCheckId: web-primary, ResourceRecords: [{Value: %s}]}
              - {Name: www.example.test., Type: A, TTL: 5, SetIdentifier: secondary, Failover: SECONDARY,
                 ResourceRecords: [{Value: %s}]}
              - {Name: example.test., Type: MX, TTL: 300, ResourceRecords: [{Value: "10 mail.example.test."}]}
              - {Name: mail.example.test., Type: A, TTL: 300, ResourceRecords: [{Value: 127.0.0.4}]}
        """.formatted(PRIMARY_IP, primary.port(), options.requestIntervalSeconds(),
            options.failureThreshold(), PRIMARY_IP, SECONDARY_IP);
  }

  private void startController() throws IOException, InterruptedException {
    Path config = options.workDir().resolve("vigil.yaml");
    Files.createDirectories(options.workDir());
    Files.writeString(config, configText());
    controllerGrpc = HOST + ":" + FreePorts.tcp(HOST);
    controllerHttp = HOST + ":" + FreePorts.tcp(HOST);
    String raft = HOST + ":" + FreePorts.tcp(HOST);
    controller = VigilProcess.start(home, "controller", "controller", "256m", logs, List.of(
        "--config", config.toString(), "--grpc", controllerGrpc, "--http", controllerHttp,
        "--raft", raft, "--data", options.workDir().resolve("controller").toString()));
    Poll.until("controller /health (log: " + controller.log() + ")", STARTUP,
        () -> controller.isAlive() ? HttpGet.healthy(controllerHttp) : fail(controller),
        ok -> ok);
  }

  private VigilProcess startAgent(String region) throws IOException {
    return VigilProcess.start(home, "agent", "agent-" + region, "96m", logs, List.of(
        "--region", region, "--controllers", controllerGrpc, "--id", "agent-" + region,
        "--http", HOST + ":" + FreePorts.tcp(HOST)));
  }

  private DnsNode startDnsNode(int index, InetSocketAddress listen, Path data) throws IOException {
    String http = HOST + ":" + FreePorts.tcp(HOST);
    VigilProcess process = VigilProcess.start(home, "dns-node", "dns-node-" + index, "128m", logs,
        List.of("--listen", listen.getHostString() + ":" + listen.getPort(),
            "--controllers", controllerGrpc, "--data", data.toString(), "--http", http));
    return new DnsNode(index, process, listen, http, data);
  }

  /** Stops dns-node {@code index} (SIGTERM) and starts it again on the same address and data. */
  public DnsNode restartDnsNode(int index) throws IOException, InterruptedException {
    DnsNode old = dnsNodes.get(index);
    old.process().close();
    DnsNode fresh = startDnsNode(index, old.listen(), old.data());
    dnsNodes.set(index, fresh);
    return fresh;
  }

  /** Polls {@code node} until it answers exactly {@code expectedIps} for {@link #NAME}. */
  public DnsProbe.Answer awaitAnswer(DnsNode node, Duration timeout, String... expectedIps)
      throws InterruptedException {
    DnsProbe probe = node.udp();
    return Poll.until("dns-node-" + node.index() + " to answer " + List.of(expectedIps)
            + " (log: " + node.process().log() + ")", timeout,
        () -> node.process().isAlive() ? probe.a(NAME) : fail(node.process()),
        answer -> answer.is(expectedIps));
  }

  private static <T> T fail(VigilProcess process) {
    throw new IllegalStateException(process.name() + " exited:\n" + tail(process.logText()));
  }

  private static String tail(String text) {
    return text.length() <= 4000 ? text : text.substring(text.length() - 4000);
  }

  public DemoBackend primary() {
    return primary;
  }

  public VigilProcess controller() {
    return controller;
  }

  public String controllerHttp() {
    return controllerHttp;
  }

  public List<VigilProcess> agents() {
    return List.copyOf(agents);
  }

  public List<DnsNode> dnsNodes() {
    return List.copyOf(dnsNodes);
  }

  public Path logs() {
    return logs;
  }

  @Override
  public void close() throws InterruptedException {
    List<VigilProcess> all = new ArrayList<>();
    dnsNodes.forEach(n -> all.add(n.process()));
    all.addAll(agents);
    if (controller != null) {
      all.add(controller);
    }
    all.forEach(VigilProcess::requestStop);
    for (VigilProcess c : all) {
      try {
        c.close();
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
