package dev.vigil.e2e.bench;

import dev.vigil.e2e.harness.AdminHttp;
import dev.vigil.e2e.harness.ClusterDeployment;
import dev.vigil.e2e.harness.ClusterDeployment.DnsNode;
import dev.vigil.e2e.harness.ConfigText;
import dev.vigil.e2e.harness.DnsProbe;
import dev.vigil.e2e.harness.HttpGet;
import dev.vigil.e2e.harness.VigilHome;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmarks of the controller cluster (bench/cluster-*.sh run it; not part of the tests).
 * <ul>
 *   <li>{@code commit N WORKDIR}: three controllers; N config changes through the admin API to the
 *       leader, then N to a follower (forwarded by the Ratis client); latency p50/p99 of each.
 *   <li>{@code failover TRIALS WORKDIR}: three controllers, three agents (interval 1 s, threshold 1),
 *       two dns-nodes, checking the anchors' backends (127.0.0.2:8080 primary, 127.0.0.3:8080
 *       secondary, owned by ../shared/anchors/failover-measure.py). Prints {@code READY <port0> <port1>},
 *       then watches: when the primary's port stops accepting it times, for www (HealthQuorum majority)
 *       and r53 (Route 53's 18 %), when each dns-node answers the secondary, and how long after the
 *       leader's health decision ({@code since} in /v1/state) each dns-node served it.
 *   <li>{@code flip N WORKDIR}: the same cluster with its own backends; N health flips, decision → each
 *       dns-node serving it ({@link DecisionFlips}).
 * </ul>
 */
public final class ClusterBench {

  private ClusterBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: ClusterBench commit N WORKDIR | failover TRIALS WORKDIR | flip N WORKDIR");
      System.exit(2);
    }
    int n = Integer.parseInt(args[1]);
    Path work = Files.createTempDirectory(Files.createDirectories(Path.of(args[2])), "cluster-bench-");
    switch (args[0]) {
      case "commit" -> commit(n, work);
      case "failover" -> failover(n, work);
      case "flip" -> DecisionFlips.run(n, work);
      default -> {
        System.err.println("unknown mode " + args[0]);
        System.exit(2);
      }
    }
    System.exit(0);
  }

  static void commit(int n, Path work) throws Exception {
    try (ClusterDeployment cluster = new ClusterDeployment(VigilHome.locate(), new ClusterDeployment.Options(
        work, 1, 1, 1, 10_000, false, null, null)).start()) {
      String leader = cluster.leader().orElseThrow();
      String follower = cluster.controllers().stream().map(c -> c.id).filter(id -> !id.equals(leader)).findFirst()
          .orElseThrow();
      int version = 0;
      // warm-up (JIT, connections)
      for (int i = 0; i < 20; i++) {
        post(cluster.controller(leader).http, cluster.config().render(++version));
      }
      for (String target : List.of(leader, follower)) {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          String yaml = cluster.config().render(++version);
          long start = System.nanoTime();
          post(cluster.controller(target).http, yaml);
          ms.add((System.nanoTime() - start) / 1e6);
        }
        System.out.printf(Locale.ROOT, "RESULT commit via=%s(%s) n=%d p50=%.1fms p99=%.1fms max=%.1fms%n",
            target.equals(leader) ? "leader" : "follower", target, n, pct(ms, 50), pct(ms, 99), pct(ms, 100));
      }
    }
  }

  static void post(String http, String yaml) throws IOException, InterruptedException {
    HttpGet.Response r = AdminHttp.applyConfig(http, yaml, Duration.ofSeconds(10));
    if (r.status() != 200 || !r.body().contains("\"committed\":true")) {
      throw new IllegalStateException("not committed: " + r.status() + " " + r.body());
    }
  }

  static double pct(List<Double> values, int p) {
    List<Double> sorted = values.stream().sorted().toList();
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  static final InetSocketAddress PRIMARY = new InetSocketAddress("127.0.0.2", 8080);
  static final InetSocketAddress SECONDARY = new InetSocketAddress("127.0.0.3", 8080);

  /** The benchmark's cluster, started; its programs are stopped on exit too (the scripts end us with SIGTERM). */
  static ClusterDeployment startCluster(Path work, InetSocketAddress primary, InetSocketAddress secondary)
      throws Exception {
    ClusterDeployment cluster = new ClusterDeployment(VigilHome.locate(), new ClusterDeployment.Options(
        work, 1, 1, 2, 10_000, false, primary, secondary));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        cluster.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    try {
      cluster.start();
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
    return cluster;
  }

  static void failover(int trials, Path work) throws Exception {
    try (ClusterDeployment cluster = startCluster(work, PRIMARY, SECONDARY)) {
      List<DnsNode> nodes = cluster.dnsNodes();
      System.out.println("READY " + nodes.get(0).listen().getPort() + " " + nodes.get(1).listen().getPort());
      System.out.flush();
      Path tsv = work.resolve("failover-observed.tsv");
      try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(tsv))) {
        out.println("trial\tname\tquorum\tnode\tfailover_s\tdecision_to_served_ms");
        for (int trial = 1; trial <= trials; trial++) {
          awaitPrimaryUp();
          for (DnsNode node : nodes) {
            awaitAnswer(node, ClusterDeployment.WWW, ClusterDeployment.PRIMARY_IP);
            awaitAnswer(node, ClusterDeployment.R53, ClusterDeployment.PRIMARY_IP);
          }
          long t0 = awaitPrimaryDown();
          long[][] servedAt = watchUntilSecondary(nodes, t0);
          String state = decidedState(cluster);
          String[] names = {"www", "r53"};
          String[] checks = {ConfigText.MAJORITY_CHECK, ConfigText.R53_CHECK};
          for (int q = 0; q < 2; q++) {
            Instant since = since(state, checks[q]);
            for (int i = 0; i < nodes.size(); i++) {
              double failoverS = servedAt[q][i] < 0 ? -1 : (servedAt[q][i] - t0) / 1e9;
              long wallServed = wallOf(servedAt[q][i]);
              long decisionMs = since == null || servedAt[q][i] < 0 ? -1 : wallServed - since.toEpochMilli();
              out.printf(Locale.ROOT, "%d\t%s\t%s\tdns-node-%d\t%.3f\t%d%n", trial, names[q],
                  q == 0 ? "majority" : "route53-18%", i, failoverS, decisionMs);
            }
          }
          out.flush();
          System.out.println("trial " + trial + " observed");
        }
      }
      System.out.println("OBSERVED " + tsv);
    }
  }

  /**
   * The leader's /v1/state after a trial, retried once (local read on the second try): under heavy load a
   * linearizable read can time out, and one slow read must not end the benchmark (its shutdown hook would stop
   * the cluster under the anchors' remaining trials). Empty when both fail: that trial has no decision time.
   */
  static String decidedState(ClusterDeployment cluster) throws InterruptedException {
    for (String query : List.of("", "?consistency=local")) {
      try {
        return HttpGet.get(cluster.controller(cluster.leader().orElseThrow()).http, "/v1/state" + query).body();
      } catch (IOException | RuntimeException e) {
        System.out.println("state read failed (" + e + "); " + (query.isEmpty() ? "retrying locally" : "no decision time"));
      }
    }
    return "";
  }

  /** Wall-clock ms for a nanoTime stamp taken in this JVM. */
  static long wallOf(long nanos) {
    return System.currentTimeMillis() - (System.nanoTime() - nanos) / 1_000_000;
  }

  static final Pattern SINCE = Pattern.compile("\"id\":\"%s\"[^}]*\"since\":\"([^\"]+)\"");

  static Instant since(String state, String check) {
    Matcher m = Pattern.compile(String.format(SINCE.pattern(), check)).matcher(state);
    return m.find() ? Instant.parse(m.group(1)) : null;
  }

  static void awaitAnswer(DnsNode node, String name, String ip) throws InterruptedException {
    DnsProbe probe = node.udp();
    while (true) {
      try {
        if (probe.a(name).is(ip)) {
          return;
        }
      } catch (IOException e) {
        // retry
      }
      Thread.sleep(5);
    }
  }

  static boolean accepts(InetSocketAddress address) {
    try (Socket s = new Socket()) {
      s.connect(address, 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static void awaitPrimaryUp() throws InterruptedException {
    while (!accepts(PRIMARY)) {
      Thread.sleep(10);
    }
  }

  /** nanoTime of the first refused connection (10 ms resolution). */
  static long awaitPrimaryDown() throws InterruptedException {
    while (accepts(PRIMARY)) {
      Thread.sleep(10);
    }
    return System.nanoTime();
  }

  /** [name][node] → nanoTime of the first secondary answer, -1 if none within 30 s. */
  static long[][] watchUntilSecondary(List<DnsNode> nodes, long t0) throws InterruptedException {
    String[] names = {ClusterDeployment.WWW, ClusterDeployment.R53};
    long[][] at = new long[2][nodes.size()];
    for (long[] row : at) {
      java.util.Arrays.fill(row, -1);
    }
    List<DnsProbe> probes = nodes.stream().map(DnsNode::udp).toList();
    int pending = 2 * nodes.size();
    while (pending > 0 && System.nanoTime() - t0 < 30_000_000_000L) {
      for (int q = 0; q < 2; q++) {
        for (int i = 0; i < probes.size(); i++) {
          if (at[q][i] >= 0) {
            continue;
          }
          try {
            if (probes.get(i).a(names[q]).is(ClusterDeployment.SECONDARY_IP)) {
              at[q][i] = System.nanoTime();
              pending--;
            }
          } catch (IOException e) {
            // count as not yet
          }
        }
      }
      Thread.sleep(2);
    }
    return at;
  }
}
