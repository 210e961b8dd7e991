package dev.vigil.agent.canary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.agent.probe.AddressResolver;
import dev.vigil.agent.probe.AnyProbe;
import dev.vigil.agent.probe.TestChecks;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Canary rounds against a real loopback HTTP server and a closed port. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CanaryMonitorTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
  private final List<NetworkHealth> reported = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @BeforeEach
  void startServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/ping", ex -> {
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
    probes.shutdownNow();
  }

  private CanaryMonitor monitor(String... urls) {
    var checks = java.util.Arrays.stream(urls).map(u -> Canaries.check(u, Duration.ofSeconds(2))).toList();
    return new CanaryMonitor(checks, new AnyProbe(AddressResolver.system()), probes, CLOCK, reported::add);
  }

  @Test
  void networkIsOkWhileAtLeastOneCanaryAnswers() throws Exception {
    String up = "http://127.0.0.1:" + server.getAddress().getPort() + "/ping";
    String down = "http://127.0.0.1:" + TestChecks.closedPort() + "/";
    NetworkHealth h = monitor(up, down).round();
    assertTrue(h.networkOk(), h.detail());
    assertEquals(2, h.total());
    assertEquals(1, h.healthy());
    assertEquals(CLOCK.millis(), h.checkedAtMillis());
    assertEquals(List.of(h), reported);
  }

  @Test
  void networkIsBrokenWhenEveryCanaryFailsAndSaysWhy() throws Exception {
    int closed = TestChecks.closedPort();
    NetworkHealth h = monitor("http://127.0.0.1:" + closed + "/").round();
    assertFalse(h.networkOk());
    assertEquals(0, h.healthy());
    assertTrue(h.detail().startsWith("0 of 1 canary healthy: connection refused 127.0.0.1:" + closed), h.detail());
  }

  @Test
  void withoutCanariesNothingIsReported() throws Exception {
    CanaryMonitor m = monitor();
    m.start(Executors.newSingleThreadScheduledExecutor(), Duration.ofSeconds(1));
    assertEquals(null, m.latest());
    assertTrue(reported.isEmpty());
  }
}
