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
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * One controller with a config the test writes, one agent in each of three regions, one dns-node, and named
 * HTTP backends on loopback addresses that the test stops and starts: the routing policies end to end.
 */
public final class RoutingDeployment implements AutoCloseable {

  public static final List<String> REGIONS = List.of("eu-central-1", "us-east-1", "ap-northeast-1");
  private static final String HOST = "127.0.0.1";
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final VigilHome home;
  private final Path work;
  private final Path logs;
  private final Map<String, String> backendHosts = new LinkedHashMap<>();
  private final Map<String, DemoBackend> backends = new LinkedHashMap<>();
  private final List<VigilProcess> processes = new ArrayList<>();
  private String controllerHttp;
  private VigilProcess dnsNode;
  private DnsProbe dns;

  public RoutingDeployment(VigilHome home, Path work) {
    this.home = home;
    this.work = work;
    this.logs = work.resolve("logs");
  }

  /** Declares a backend named {@code name} on loopback address {@code host}, started by {@link #start}. */
  public RoutingDeployment backend(String name, String host) {
    backendHosts.put(name, host);
    return this;
  }

  /**
   * Starts the backends, then the controller with {@code config.apply(this)} (which may read backend ports and
   * {@link #work()}), the agents and the dns-node; returns once the dns-node serves {@code zone}'s SOA.
   */
  public RoutingDeployment start(String zone, Function<RoutingDeployment, String> config)
      throws IOException, InterruptedException {
    for (var e : backendHosts.entrySet()) {
      backends.put(e.getKey(), DemoBackend.startOn(e.getKey(), e.getValue()));
    }
    Files.createDirectories(work);
    Path configFile = work.resolve("vigil.yaml");
    Files.writeString(configFile, config.apply(this));
    String grpc = HOST + ":" + FreePorts.tcp(HOST);
    controllerHttp = HOST + ":" + FreePorts.tcp(HOST);
    VigilProcess controller = VigilProcess.start(home, "controller", "controller", "256m", logs, List.of(
        "--config", configFile.toString(), "--grpc", grpc, "--http", controllerHttp,
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
    Poll.until("dns-node to serve " + zone + " (log: " + dnsNode.log() + ")", STARTUP,
        () -> alive(dnsNode) ? dns.query(zone, Type.SOA) : null,
        answer -> answer != null && answer.rcode() == Rcode.NOERROR && !answer.values().isEmpty());
    return this;
  }

  /** Polls until {@code probe} (a query against {@link #dns()}) returns something {@code done} accepts. */
  public <T> T await(String what, Duration timeout, Callable<T> probe, Predicate<T> done)
      throws InterruptedException {
    return Poll.until(what + " (dns-node log: " + dnsNode.log() + ")", timeout,
        () -> alive(dnsNode) ? probe.call() : null, answer -> answer != null && done.test(answer));
  }

  public DemoBackend backend(String name) {
    DemoBackend backend = backends.get(name);
    if (backend == null) {
      throw new IllegalArgumentException("no backend " + name + " (declare it before start)");
    }
    return backend;
  }

  /** The backend's port, for the config (backends start before the config is written). */
  public int port(String name) {
    return backend(name).port();
  }

  public DnsProbe dns() {
    return dns;
  }

  public Path work() {
    return work;
  }

  public String controllerHttp() {
    return controllerHttp;
  }

  public Path logs() {
    return logs;
  }

  private static boolean alive(VigilProcess p) {
    if (!p.isAlive()) {
      String log = p.logText();
      throw new IllegalStateException(p.name() + " exited:\n"
          + (log.length() <= 4000 ? log : log.substring(log.length() - 4000)));
    }
    return true;
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
    backends.values().forEach(DemoBackend::close);
  }
}
