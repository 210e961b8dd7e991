package dev.vigil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.e2e.harness.DnsProbe;
import dev.vigil.e2e.harness.FailoverDeployment;
import dev.vigil.e2e.harness.FailoverDeployment.DnsNode;
import dev.vigil.e2e.harness.VigilHome;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * The whole path on separate JVMs: one controller, three agents, two dns-nodes, two real HTTP
 * backends on loopback, checked with a real DNS client. The steps build on each other, so they
 * run in order on one deployment.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FailoverIT {

  private static final int INTERVAL_SECONDS = 1;
  private static final int FAILURE_THRESHOLD = 1;
  /** The bound: interval × threshold + 2 s. */
  private static final Duration FAILOVER_BOUND =
      Duration.ofSeconds(INTERVAL_SECONDS * FAILURE_THRESHOLD + 2);
  /** Generous: only to end a test whose answer never comes. */
  private static final Duration NEVER = Duration.ofSeconds(30);

  @TempDir static Path work;
  private FailoverDeployment deployment;

  @BeforeAll
  void startEverything() throws Exception {
    InetSocketAddress anyPort = new InetSocketAddress("127.0.0.1", 0);
    deployment = new FailoverDeployment(VigilHome.locate(), new FailoverDeployment.Options(
        work, INTERVAL_SECONDS, FAILURE_THRESHOLD, List.of(anyPort, anyPort)));
    deployment.start();
  }

  @AfterAll
  void stopEverything() throws Exception {
    if (deployment != null) {
      deployment.close();
    }
  }

  @Test
  @Order(1)
  void bothDnsNodesServeThePrimaryOverUdpAndTcp() throws Exception {
    for (DnsNode node : deployment.dnsNodes()) {
      DnsProbe.Answer udp = node.udp().a(FailoverDeployment.NAME);
      assertTrue(udp.is(FailoverDeployment.PRIMARY_IP), "udp: " + udp);
      assertTrue(udp.authoritative(), "AA must be set: " + udp);
      DnsProbe.Answer tcp = node.tcp().a(FailoverDeployment.NAME);
      assertTrue(tcp.is(FailoverDeployment.PRIMARY_IP), "tcp: " + tcp);
    }
  }

  @Test
  @Order(2)
  void bothDnsNodesFailOverWithinIntervalTimesThresholdPlusTwoSeconds() throws Exception {
    long stoppedAt = System.nanoTime();
    deployment.primary().stop();
    assertWithinBound("failover to the secondary", everyNodeAnswers(FailoverDeployment.SECONDARY_IP, stoppedAt));
  }

  @Test
  @Order(3)
  void bothDnsNodesFailBackWhenThePrimaryReturns() throws Exception {
    long restartedAt = System.nanoTime();
    deployment.primary().start();
    assertWithinBound("failback to the primary", everyNodeAnswers(FailoverDeployment.PRIMARY_IP, restartedAt));
  }

  /** How long after {@code sinceNanos} the last dns-node answered {@code ip}. */
  private Duration everyNodeAnswers(String ip, long sinceNanos) throws InterruptedException {
    for (DnsNode node : deployment.dnsNodes()) {
      deployment.awaitAnswer(node, NEVER, ip);
    }
    return Duration.ofNanos(System.nanoTime() - sinceNanos);
  }

  private static void assertWithinBound(String what, Duration took) {
    System.out.println(what + " on both dns-nodes took " + took.toMillis() + " ms");
    assertTrue(took.compareTo(FAILOVER_BOUND) <= 0,
        what + " took " + took.toMillis() + " ms, bound " + FAILOVER_BOUND.toMillis() + " ms");
  }

  @Test
  @Order(4)
  void dnsNodesKeepAnsweringAfterTheControllerIsKilled() throws Exception {
    deployment.controller().kill();
    assertTrue(!deployment.controller().isAlive(), "controller still running");
    for (DnsNode node : deployment.dnsNodes()) {
      // Several queries over both transports: the node must not drop its state when the feed dies.
      for (int i = 0; i < 5; i++) {
        assertTrue(node.udp().a(FailoverDeployment.NAME).is(FailoverDeployment.PRIMARY_IP));
        assertTrue(node.tcp().a(FailoverDeployment.NAME).is(FailoverDeployment.PRIMARY_IP));
      }
      assertEquals(List.of("10 mail.example.test."),
          node.udp().query("example.test.", Type.MX).values());
    }
  }

  @Test
  @Order(5)
  void aDnsNodeRestartedWhileTheControllerIsDownServesItsLastState() throws Exception {
    DnsNode restarted = deployment.restartDnsNode(1);
    DnsProbe.Answer answer =
        deployment.awaitAnswer(restarted, NEVER, FailoverDeployment.PRIMARY_IP);
    assertTrue(answer.authoritative(), "AA must be set: " + answer);
    assertTrue(restarted.process().isAlive());
  }
}
