package dev.vigil.e2e.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/**
 * The processes the single-controller deployments share, on loopback: one controller started with a config file
 * (a one-member Raft group), one agent per region, one dns-node.
 */
public final class SingleControllerStack implements AutoCloseable {

  private static final String HOST = "127.0.0.1";
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final List<VigilProcess> processes = new ArrayList<>();
  private String controllerHttp;
  private VigilProcess dnsNode;
  private DnsProbe dns;

  private SingleControllerStack() {}

  /**
   * Writes {@code configText} to {@code work/vigil.yaml}, starts the controller and waits for its /health, then
   * starts an agent per region (id {@code agent-REGION}) and the dns-node. Stops what it started if one fails.
   */
  public static SingleControllerStack start(VigilHome home, Path work, String configText, List<String> regions)
      throws IOException, InterruptedException {
    SingleControllerStack stack = new SingleControllerStack();
    try {
      stack.startAll(home, work, configText, regions);
      return stack;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      stack.close();
      throw e;
    }
  }

  private void startAll(VigilHome home, Path work, String configText, List<String> regions)
      throws IOException, InterruptedException {
    Path logs = work.resolve("logs");
    Files.createDirectories(work);
    Path config = work.resolve("vigil.yaml");
    Files.writeString(config, configText);
    String grpc = HOST + ":" + FreePorts.tcp(HOST);
    controllerHttp = HOST + ":" + FreePorts.tcp(HOST);
    VigilProcess controller = VigilProcess.start(home, "controller", "controller", "256m", logs, List.of(
        "--config", config.toString(), "--grpc", grpc, "--http", controllerHttp,
        "--raft", HOST + ":" + FreePorts.tcp(HOST), "--data", work.resolve("controller").toString()));
    processes.add(controller);
    Poll.until("controller /health (log: " + controller.log() + ")", STARTUP,
        () -> alive(controller) && HttpGet.healthy(controllerHttp), ok -> ok);
    for (String region : regions) {
      processes.add(VigilProcess.start(home, "agent", "agent-" + region, "96m", logs, List.of(
          "--region", region, "--controllers", grpc, "--id", "agent-" + region)));
    }
    InetSocketAddress listen = new InetSocketAddress(HOST, FreePorts.tcpAndUdp(HOST));
    dnsNode = VigilProcess.start(home, "dns-node", "dns-node", "128m", logs, List.of(
        "--listen", HOST + ":" + listen.getPort(), "--controllers", grpc,
        "--data", work.resolve("dns-node").toString(), "--http", HOST + ":" + FreePorts.tcp(HOST)));
    processes.add(dnsNode);
    dns = new DnsProbe(listen, false, Duration.ofSeconds(1));
  }

  /** Polls {@code probe} (a query against {@link #dns()}) until {@code done}; fails fast if the dns-node exits. */
  public <T> T awaitDns(String what, Duration timeout, Callable<T> probe, Predicate<T> done)
      throws InterruptedException {
    return Poll.until(what + " (dns-node log: " + dnsNode.log() + ")", timeout,
        () -> alive(dnsNode) ? probe.call() : null, value -> value != null && done.test(value));
  }

  /** True while {@code p} runs; otherwise throws with the end of its log. */
  public static boolean alive(VigilProcess p) {
    if (!p.isAlive()) {
      String log = p.logText();
      throw new IllegalStateException(p.name() + " exited:\n"
          + (log.length() <= 4000 ? log : log.substring(log.length() - 4000)));
    }
    return true;
  }

  public String controllerHttp() {
    return controllerHttp;
  }

  public DnsProbe dns() {
    return dns;
  }

  public VigilProcess dnsNode() {
    return dnsNode;
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
  }
}
