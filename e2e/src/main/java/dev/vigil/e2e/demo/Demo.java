package dev.vigil.e2e.demo;

import dev.vigil.e2e.harness.DnsProbe;
import dev.vigil.e2e.harness.FailoverDeployment;
import dev.vigil.e2e.harness.FailoverDeployment.DnsNode;
import dev.vigil.e2e.harness.VigilHome;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code ./vigil demo}: starts the whole failover path on loopback, then walks through failover
 * and failback by itself, and keeps everything running until Ctrl-C.
 */
public final class Demo {

  private static final InetSocketAddress DNS = new InetSocketAddress("127.0.0.1", 8053);
  private static final int INTERVAL_SECONDS = 1;
  private static final int FAILURE_THRESHOLD = 2;
  private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(30);

  private final PrintStream out = System.out;

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.println("""
          Usage: ./vigil demo

          Starts a controller, one agent in each of eu-central-1, us-east-1 and ap-northeast-1,
          a dns-node on 127.0.0.1:8053 and two demo HTTP backends (primary 127.0.0.2,
          secondary 127.0.0.3), then stops the primary to show failover and restarts it to
          show failback. Runs until Ctrl-C, then stops every process it started.""");
      return;
    }
    if (args.length > 0) {
      System.err.println("vigil demo: unknown argument '" + args[0] + "' (see --help)");
      System.exit(2);
    }
    try {
      new Demo().run();
    } catch (Exception | AssertionError e) {
      System.err.println("vigil demo: " + e.getMessage());
      System.exit(1); // the shutdown hook stops whatever was started
    }
  }

  private void run() throws Exception {
    requireFree(DNS);
    Path work = Files.createTempDirectory("vigil-demo-");
    FailoverDeployment deployment = new FailoverDeployment(VigilHome.locate(),
        new FailoverDeployment.Options(work, INTERVAL_SECONDS, FAILURE_THRESHOLD, List.of(DNS)));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println("\nStopping every demo process...");
      try {
        deployment.close();
        deleteTree(work);
      } catch (Exception e) {
        out.println("cleanup: " + e);
      }
      stopped.countDown();
    }));

    out.printf("Starting Vigil on loopback (logs in %s)%n", work.resolve("logs"));
    out.println("  controller, agents in " + String.join(", ", FailoverDeployment.REGIONS)
        + ", dns-node on 127.0.0.1:8053, backends on 127.0.0.2 and 127.0.0.3");
    deployment.start();
    DnsNode node = deployment.dnsNodes().getFirst();
    out.printf("%nReady. www.example.test. fails over from 127.0.0.2 (primary) to 127.0.0.3.%n");
    out.printf("Health check: HTTP every %d s, FailureThreshold %d, from %d regions.%n",
        INTERVAL_SECONDS, FAILURE_THRESHOLD, FailoverDeployment.REGIONS.size());
    out.println("Try it yourself:\n");
    out.println("  dig @127.0.0.1 -p 8053 www.example.test A +short\n");
    show(node, "now");

    out.println("\n1. Stopping the primary backend (127.0.0.2)...");
    long stoppedAt = System.nanoTime();
    deployment.primary().stop();
    deployment.awaitAnswer(node, SWITCH_TIMEOUT, FailoverDeployment.SECONDARY_IP);
    out.printf("   Failed over to the secondary in %.2f s.%n", seconds(stoppedAt));
    show(node, "after failover");

    out.println("\n2. Starting the primary backend again...");
    long restartedAt = System.nanoTime();
    deployment.primary().start();
    deployment.awaitAnswer(node, SWITCH_TIMEOUT, FailoverDeployment.PRIMARY_IP);
    out.printf("   Failed back to the primary in %.2f s.%n", seconds(restartedAt));
    show(node, "after failback");

    out.printf("%nThe demo keeps running: query it with dig, or stop the primary yourself.%n");
    out.printf("Controller state: curl -s http://%s/v1/state%n", deployment.controllerHttp());
    out.println("Press Ctrl-C to stop.");
    stopped.await();
  }

  private void show(DnsNode node, String when) throws IOException {
    DnsProbe.Answer answer = node.udp().a(FailoverDeployment.NAME);
    out.printf("   %s: www.example.test. A -> %s%n", when, String.join(", ", answer.values()));
  }

  private static void requireFree(InetSocketAddress address) throws IOException {
    try (var udp = new java.net.DatagramSocket(address);
        var tcp = new java.net.ServerSocket(address.getPort(), 1, address.getAddress())) {
      // both free
    } catch (java.net.BindException e) {
      throw new IOException(address + " is in use: the demo's dns-node needs it", e);
    }
  }

  private static double seconds(long sinceNanos) {
    return (System.nanoTime() - sinceNanos) / 1e9;
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
