package dev.vigil.e2e.bench;

import dev.vigil.e2e.harness.ClusterDeployment;
import dev.vigil.e2e.harness.ClusterDeployment.DnsNode;
import dev.vigil.e2e.harness.ConfigText;
import dev.vigil.e2e.harness.DemoBackend;
import dev.vigil.e2e.harness.HttpGet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@code ClusterBench flip N WORKDIR}: health decision → every dns-node serving it, N times, without anyone
 * else's backends. Three controllers, three agents (interval 1 s, threshold 1), two dns-nodes and our own
 * primary/secondary backends; the primary is stopped and started again every 1.2–1.8 s (random), so each flip
 * is one health-driven answers change for {@code www} (majority) and one for {@code r53} (Route 53's 18 %).
 * Per flip and name it records when each dns-node first served the new answer (every node asked at once, every ~1 ms: {@link AnswerWatch}) and the
 * leader's decision time ({@code since} in /v1/state), in {@code flips.tsv}. The first {@link #WARM_UP} flips
 * warm the JITs and are marked as such.
 */
final class DecisionFlips {

  /** About a minute: with full tiered compilation, 8 JVMs on 2 cores are still compiling after 10 flips. */
  static final int WARM_UP = 40;
  private static final long FLIP_TIMEOUT_NANOS = 20_000_000_000L;

  private DecisionFlips() {}

  static void run(int flips, Path work) throws Exception {
    try (ClusterDeployment cluster = ClusterBench.startCluster(work, null, null)) {
      List<DnsNode> nodes = cluster.dnsNodes();
      DemoBackend primary = cluster.primary();
      System.out.println("READY " + nodes.get(0).listen().getPort() + " " + nodes.get(1).listen().getPort());
      Path tsv = work.resolve("flips.tsv");
      String[] names = {ClusterDeployment.WWW, ClusterDeployment.R53};
      String[] checks = {ConfigText.MAJORITY_CHECK, ConfigText.R53_CHECK};
      String[] quorums = {"majority", "route53-18%"};
      try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(tsv));
          AnswerWatch watch = new AnswerWatch(nodes.stream().map(DnsNode::listen).toList(), names)) {
        out.println("flip\twarmup\tdirection\tname\tquorum\tnode\tflip_to_served_ms\tdecision_to_served_ms");
        for (int flip = 1; flip <= flips; flip++) {
          if (flip == WARM_UP + 1) { // the controllers' stamps before this are the warm-up's
            Files.writeString(work.resolve("measuring-since.txt"), Instant.now().toString() + "\n");
          }
          boolean down = flip % 2 == 1;
          long pause = ThreadLocalRandom.current().nextLong(1_200, 1_800);
          long next = System.nanoTime() + pause * 1_000_000;
          long t0 = System.nanoTime();
          if (down) {
            primary.stop();
          } else {
            primary.start();
          }
          String expected = down ? ClusterDeployment.SECONDARY_IP : ClusterDeployment.PRIMARY_IP;
          long flippedAtMs = ClusterBench.wallOf(t0);
          long[][] servedAt = watch.until(expected, t0 + FLIP_TIMEOUT_NANOS);
          for (int q = 0; q < names.length; q++) {
            Instant since = decidedAfter(cluster, checks[q], flippedAtMs);
            for (int i = 0; i < nodes.size(); i++) {
              long at = servedAt[q][i];
              long decisionMs = since == null || at < 0 ? -1 : ClusterBench.wallOf(at) - since.toEpochMilli();
              out.printf(Locale.ROOT, "%d\t%b\t%s\t%s\t%s\tdns-node-%d\t%d\t%d%n", flip, flip <= WARM_UP,
                  down ? "down" : "up", names[q], quorums[q], i, at < 0 ? -1 : (at - t0) / 1_000_000, decisionMs);
            }
          }
          out.flush();
          if (flip % 20 == 0) {
            System.out.println("flip " + flip + " observed");
          }
          long wait = next - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
      }
      System.out.println("OBSERVED " + tsv);
    }
  }

  /**
   * When the leader decided {@code check}'s latest transition, read locally from the leader (a linearizable read
   * would add a Raft entry per flip to the path being measured); null when it has not decided since the flip.
   */
  private static Instant decidedAfter(ClusterDeployment cluster, String check, long flippedAtMs)
      throws InterruptedException {
    for (int attempt = 0; attempt < 20; attempt++) {
      try {
        String leader = cluster.leader().orElseThrow();
        String state = HttpGet.get(cluster.controller(leader).http, "/v1/state?consistency=local").body();
        Instant since = ClusterBench.since(state, check);
        if (since != null && since.toEpochMilli() >= flippedAtMs - 5) { // 5 ms: nanoTime→wall rounding
          return since;
        }
      } catch (IOException | RuntimeException e) {
        // a leader change or a slow read: try again
      }
      Thread.sleep(25);
    }
    return null;
  }
}
