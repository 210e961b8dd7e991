package dev.vigil.e2e.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A controller cluster on real processes: three controllers forming a Raft group, one agent per
 * region streaming to every controller, N dns-nodes subscribed to every controller, two HTTP
 * backends, all on loopback. With {@code faultProxies}, every agent→controller and
 * dns-node→controller link, and every agent's path to the primary backend, runs through its own
 * {@link TcpProxy} so that a test can cut a region or a dns-node off: each agent resolves the
 * check's name {@code primary.backend.test} through its own hosts file to its own proxy.
 */
public final class ClusterDeployment implements AutoCloseable {

  public static final List<String> REGIONS = List.of("eu-central-1", "us-east-1", "ap-northeast-1");
  public static final List<String> IDS = List.of("c1", "c2", "c3");
  public static final String WWW = "www.example.test.";
  public static final String R53 = "r53.example.test.";
  public static final String VERSION_NAME = "ver.example.test.";
  public static final String PRIMARY_IP = "127.0.0.2";
  public static final String SECONDARY_IP = "127.0.0.3";
  static final String BACKEND_NAME = "primary.backend.test";
  private static final String HOST = "127.0.0.1";
  private static final Duration STARTUP = Duration.ofSeconds(90);

  /**
   * @param primary where the primary backend is (null: start our own on 127.0.0.2)
   * @param secondary where the secondary is (null: start our own on 127.0.0.3)
   */
  public record Options(Path workDir, int requestIntervalSeconds, int failureThreshold, int dnsNodes,
      long snapshotEvery, boolean faultProxies, InetSocketAddress primary, InetSocketAddress secondary) {}

  /** One controller's fixed addresses; its process changes across restarts. */
  public static final class Controller {
    public final String id;
    public final String raft;
    public final String grpc;
    public final String http;
    public final Path data;
    VigilProcess process;

    Controller(String id, String raft, String grpc, String http, Path data) {
      this.id = id;
      this.raft = raft;
      this.grpc = grpc;
      this.http = http;
      this.data = data;
    }

    public VigilProcess process() {
      return process;
    }

    public boolean isRunning() {
      return process != null && process.isAlive();
    }
  }

  /** A running agent, its proxies to the controllers and to the primary backend. */
  public record Agent(String region, VigilProcess process, List<TcpProxy> controllerLinks, TcpProxy backendLink) {
    /** Cuts the region off: from the controllers and from the backend. */
    public void cutOff() {
      controllerLinks.forEach(TcpProxy::cut);
      backendLink.cut();
    }
  }

  /** A running dns-node, its proxies to the controllers. */
  public record DnsNode(int index, VigilProcess process, InetSocketAddress listen, String http,
      List<TcpProxy> controllerLinks) {
    public DnsProbe udp() {
      return new DnsProbe(listen, false, Duration.ofMillis(500));
    }
  }

  private final VigilHome home;
  private final Options options;
  private final Path logs;
  private final Map<String, Controller> controllers = new LinkedHashMap<>();
  private final List<Agent> agents = new ArrayList<>();
  private final List<DnsNode> dnsNodes = new ArrayList<>();
  private final List<TcpProxy> proxies = new ArrayList<>();
  private DemoBackend primary;
  private DemoBackend secondary;
  private InetSocketAddress primaryAddress;
  private ConfigText config;

  public ClusterDeployment(VigilHome home, Options options) {
    this.home = home;
    this.options = options;
    this.logs = options.workDir().resolve("logs");
  }

  /**
   * Starts everything; returns once every dns-node answers the primary for {@link #WWW} (with our own
   * backends) or is serving (with external ones).
   */
  public ClusterDeployment start() throws IOException, InterruptedException {
    Files.createDirectories(options.workDir());
    if (options.primary() == null) {
      primary = DemoBackend.startOn("primary", PRIMARY_IP);
      secondary = DemoBackend.startOn("secondary", SECONDARY_IP);
      primaryAddress = new InetSocketAddress(PRIMARY_IP, primary.port());
    } else {
      primaryAddress = options.primary();
    }
    config = new ConfigText(options.requestIntervalSeconds(), options.failureThreshold(),
        options.faultProxies() ? BACKEND_NAME : null, primaryAddress);
    Path configFile = options.workDir().resolve("vigil.yaml");
    Files.writeString(configFile, config.render(0));
    for (String id : IDS) {
      controllers.put(id, new Controller(id, HOST + ":" + FreePorts.tcp(HOST), HOST + ":" + FreePorts.tcp(HOST),
          HOST + ":" + FreePorts.tcp(HOST), options.workDir().resolve("controller-" + id)));
    }
    for (Controller c : controllers.values()) {
      launch(c, peers(), configFile);
    }
    for (Controller c : controllers.values()) {
      awaitHealthy(c);
    }
    for (int i = 0; i < REGIONS.size(); i++) {
      agents.add(startAgent(i));
    }
    for (int i = 0; i < options.dnsNodes(); i++) {
      dnsNodes.add(startDnsNode(i));
    }
    for (DnsNode node : dnsNodes) {
      if (options.primary() == null) {
        awaitAnswer(node, WWW, STARTUP, PRIMARY_IP);
      } else { // someone else's backends, maybe not up yet: the node only has to be serving
        Poll.until("dns-node-" + node.index() + " /health", STARTUP,
            () -> node.process().isAlive() ? HttpGet.healthy(node.http()) : fail(node.process()), ok -> ok);
      }
    }
    return this;
  }

  private String peers() {
    StringBuilder peers = new StringBuilder();
    controllers.values().forEach(c -> peers.append(peers.isEmpty() ? "" : ",").append(c.id).append('=').append(c.raft));
    return peers.toString();
  }

  private void launch(Controller c, String peers, Path configFile) throws IOException {
    List<String> args = new ArrayList<>(List.of("--id", c.id, "--peers", peers, "--grpc", c.grpc, "--http", c.http,
        "--data", c.data.toString(), "--snapshot-every", Long.toString(options.snapshotEvery())));
    if (configFile != null) {
      args.addAll(List.of("--config", configFile.toString()));
    }
    // Benchmarks compare controller options (e.g. bench/cluster-bench.sh with CONTROLLER_ARGS="--confirm-probes off").
    String extra = System.getProperty("vigil.controller.extraArgs", "").strip();
    if (!extra.isEmpty()) {
      args.addAll(List.of(extra.split("\\s+")));
    }
    c.process = VigilProcess.start(home, "controller", "controller-" + c.id, "192m", logs, args);
  }

  private void awaitHealthy(Controller c) throws InterruptedException {
    Poll.until("controller " + c.id + " /health (log: " + c.process.log() + ")", STARTUP,
        () -> c.process.isAlive() ? HttpGet.healthy(c.http) : fail(c.process), ok -> ok);
  }

  /** kill -9. */
  public void kill(String id) throws InterruptedException {
    controllers.get(id).process.kill();
  }

  /** Starts a stopped controller again on its addresses and data, without --config (the log has it). */
  public void restart(String id) throws IOException {
    Controller c = controllers.get(id);
    if (c.isRunning()) {
      throw new IllegalStateException(id + " is running");
    }
    launch(c, peers(), null);
  }

  public void awaitHealthy(String id) throws InterruptedException {
    awaitHealthy(controllers.get(id));
  }

  private Agent startAgent(int i) throws IOException {
    String region = REGIONS.get(i);
    List<TcpProxy> links = new ArrayList<>();
    List<String> jvm = new ArrayList<>();
    TcpProxy backend = null;
    if (options.faultProxies()) {
      for (Controller c : controllers.values()) {
        links.add(proxy("agent-" + region + "-" + c.id, HOST, 0, c.grpc));
      }
      // Each region reaches the primary through its own address, so a test can cut one region's path.
      String regionAddress = "127.0.1." + (i + 1);
      backend = proxy("backend-" + region, regionAddress, primaryAddress.getPort(),
          primaryAddress.getHostString() + ":" + primaryAddress.getPort());
      Path hosts = options.workDir().resolve("hosts-" + region);
      Files.writeString(hosts, regionAddress + " " + BACKEND_NAME + "\n");
      jvm.add("-Djdk.net.hosts.file=" + hosts);
    }
    String controllersArg = options.faultProxies()
        ? String.join(",", links.stream().map(TcpProxy::address).toList())
        : String.join(",", controllers.values().stream().map(c -> c.grpc).toList());
    VigilProcess process = VigilProcess.start(home, "agent", "agent-" + region, "96m", jvm, logs, List.of(
        "--region", region, "--controllers", controllersArg, "--id", "agent-" + region,
        "--http", HOST + ":" + FreePorts.tcp(HOST)));
    return new Agent(region, process, links, backend);
  }

  private DnsNode startDnsNode(int index) throws IOException {
    InetSocketAddress listen = new InetSocketAddress(HOST, FreePorts.tcpAndUdp(HOST));
    List<TcpProxy> links = new ArrayList<>();
    if (options.faultProxies()) {
      for (Controller c : controllers.values()) {
        links.add(proxy("dns-node-" + index + "-" + c.id, HOST, 0, c.grpc));
      }
    }
    String controllersArg = options.faultProxies()
        ? String.join(",", links.stream().map(TcpProxy::address).toList())
        : String.join(",", controllers.values().stream().map(c -> c.grpc).toList());
    String http = HOST + ":" + FreePorts.tcp(HOST);
    VigilProcess process = VigilProcess.start(home, "dns-node", "dns-node-" + index, "128m", logs,
        List.of("--listen", HOST + ":" + listen.getPort(), "--controllers", controllersArg,
            "--data", options.workDir().resolve("dns-node-" + index).toString(), "--http", http));
    return new DnsNode(index, process, listen, http, links);
  }

  private TcpProxy proxy(String name, String host, int port, String target) throws IOException {
    String[] parts = target.split(":");
    TcpProxy proxy = TcpProxy.start(name, host, port, new InetSocketAddress(parts[0], Integer.parseInt(parts[1])));
    proxies.add(proxy);
    return proxy;
  }

  /** Polls {@code node} until it answers exactly {@code expectedIps} for {@code name}. */
  public DnsProbe.Answer awaitAnswer(DnsNode node, String name, Duration timeout, String... expectedIps)
      throws InterruptedException {
    DnsProbe probe = node.udp();
    return Poll.until("dns-node-" + node.index() + " to answer " + name + " " + List.of(expectedIps)
            + " (log: " + node.process().log() + ")", timeout,
        () -> node.process().isAlive() ? probe.a(name) : fail(node.process()),
        answer -> answer.is(expectedIps));
  }

  private static final Pattern LEADER = Pattern.compile("\"leader\":\"([^\"]+)\"");

  /** The leader named by any running controller's /health, if one is ready. */
  public Optional<String> leader() {
    for (Controller c : controllers.values()) {
      if (!c.isRunning()) {
        continue;
      }
      try {
        HttpGet.Response r = HttpGet.get(c.http, "/health");
        Matcher m = LEADER.matcher(r.body());
        if (r.status() == 200 && m.find() && controllers.get(m.group(1)).isRunning()) {
          return Optional.of(m.group(1));
        }
      } catch (IOException e) {
        // try the next
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  public ConfigText config() {
    return config;
  }

  public Controller controller(String id) {
    return controllers.get(id);
  }

  public List<Controller> controllers() {
    return List.copyOf(controllers.values());
  }

  /** The HTTP addresses of every controller, for the admin API / ctl. */
  public List<String> httpAddresses() {
    return controllers.values().stream().map(c -> c.http).toList();
  }

  public List<Agent> agents() {
    return List.copyOf(agents);
  }

  public List<DnsNode> dnsNodes() {
    return List.copyOf(dnsNodes);
  }

  public DemoBackend primary() {
    return primary;
  }

  public Path logs() {
    return logs;
  }

  private static <T> T fail(VigilProcess process) {
    String text = process.logText();
    throw new IllegalStateException(process.name() + " exited:\n"
        + (text.length() <= 4000 ? text : text.substring(text.length() - 4000)));
  }

  @Override
  public void close() throws InterruptedException {
    List<VigilProcess> all = new ArrayList<>();
    dnsNodes.forEach(n -> all.add(n.process()));
    agents.forEach(a -> all.add(a.process()));
    controllers.values().stream().filter(c -> c.process != null).forEach(c -> all.add(c.process));
    all.forEach(VigilProcess::requestStop);
    for (VigilProcess p : all) {
      try {
        p.close();
      } catch (Exception e) {
        // keep stopping the others
      }
    }
    proxies.forEach(TcpProxy::close);
    if (primary != null) {
      primary.close();
    }
    if (secondary != null) {
      secondary.close();
    }
  }
}
