package dev.vigil.e2e.cluster;

import dev.vigil.e2e.harness.ClusterDeployment;
import dev.vigil.e2e.harness.ClusterDeployment.DnsNode;
import dev.vigil.e2e.harness.DnsProbe;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * Queries every dns-node back to back (one thread per node) and checks every answer against what is
 * allowed at that moment:
 * <ul>
 *   <li>{@code www} and {@code r53} A: NOERROR, authoritative, exactly the primary's address (the
 *       primary backend is up and every region sees it, so the acknowledged config and the current
 *       health allow nothing else);
 *   <li>{@code ver} TXT: NOERROR, one value k with k ≤ the highest version submitted so far (a
 *       submitted but not yet acknowledged config may already be committed) and k ≥ the last k this
 *       node served (a node never goes back to an older state).
 * </ul>
 * A query that times out is counted, not judged: silence is not a wrong answer.
 */
final class QueryLoad implements AutoCloseable {

  private final AtomicInteger highestSubmitted;
  private final List<Thread> threads = new ArrayList<>();
  private final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
  private final AtomicLong queries = new AtomicLong();
  private final AtomicLong timeouts = new AtomicLong();
  private volatile boolean running = true;

  QueryLoad(List<DnsNode> nodes, AtomicInteger highestSubmitted) {
    this.highestSubmitted = highestSubmitted;
    for (DnsNode node : nodes) {
      threads.add(Thread.ofPlatform().daemon().name("load-dns-node-" + node.index()).start(() -> run(node)));
    }
  }

  private void run(DnsNode node) {
    DnsProbe probe = node.udp();
    int lastVersion = -1;
    while (running) {
      try {
        for (String name : List.of(ClusterDeployment.WWW, ClusterDeployment.R53)) {
          DnsProbe.Answer a = probe.a(name);
          queries.incrementAndGet();
          if (!a.authoritative() || !a.is(ClusterDeployment.PRIMARY_IP)) {
            wrong.add("dns-node-" + node.index() + " " + name + " A: " + a);
          }
        }
        DnsProbe.Answer v = probe.query(ClusterDeployment.VERSION_NAME, Type.TXT);
        // Read after the answer: a version is marked submitted before it is sent.
        int ceiling = highestSubmitted.get();
        queries.incrementAndGet();
        int k = v.rcode() == Rcode.NOERROR && v.values().size() == 1
            ? Integer.parseInt(v.values().get(0).replace("\"", "")) : -1;
        if (k < 0 || k > ceiling || k < lastVersion) {
          wrong.add("dns-node-" + node.index() + " ver TXT: " + v + " (last served " + lastVersion
              + ", highest submitted " + ceiling + ")");
        }
        lastVersion = Math.max(lastVersion, k);
      } catch (IOException e) {
        timeouts.incrementAndGet();
      }
    }
  }

  List<String> wrongAnswers() {
    return List.copyOf(wrong);
  }

  long queries() {
    return queries.get();
  }

  long timeouts() {
    return timeouts.get();
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    for (Thread t : threads) {
      t.join(5000);
    }
  }
}
