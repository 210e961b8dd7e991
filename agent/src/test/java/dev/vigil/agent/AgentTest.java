package dev.vigil.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.agent.link.FakeController;
import dev.vigil.agent.link.LinkSettings;
import dev.vigil.agent.ops.OpsServer;
import dev.vigil.agent.probe.AddressResolver;
import dev.vigil.agent.probe.AnyProbe;
import dev.vigil.proto.agent.v1.Assignment;
import dev.vigil.proto.agent.v1.CheckSpec;
import dev.vigil.proto.agent.v1.FailureKind;
import dev.vigil.proto.agent.v1.Observation;
import dev.vigil.proto.agent.v1.ObservationBatch;
import dev.vigil.proto.agent.v1.Target;
import dev.vigil.proto.agent.v1.TcpProbe;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The whole agent against two fake controllers and a real loopback endpoint. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentTest {

  private static Assignment tcpCheck(long version, String id, int port) {
    return Assignment.newBuilder().setVersion(version).setFull(true)
        .addUpserts(CheckSpec.newBuilder().setId(id).setTcp(TcpProbe.getDefaultInstance())
            .setTarget(Target.newBuilder().setIpAddress("127.0.0.1").setPort(port)).setRequestIntervalSeconds(1)
            .setMeasureLatency(true))
        .build();
  }

  private static Observation next(FakeController c, String checkId) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (System.nanoTime() < deadline) {
      ObservationBatch b = c.batches.poll(500, TimeUnit.MILLISECONDS);
      if (b == null) {
        continue;
      }
      for (Observation o : b.getObservationsList()) {
        if (o.getCheckId().equals(checkId)) {
          return o;
        }
      }
    }
    throw new AssertionError("no observation of " + checkId);
  }

  private static HttpResponse<String> get(InetSocketAddress address, String path) throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + address.getPort() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    }
  }

  @Test
  void probesAssignedChecksAndReportsToEveryControllerWithHealthAndMetrics() throws Exception {
    try (ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        FakeController a = new FakeController(tcpCheck(7, "web", endpoint.getLocalPort())).start(0);
        FakeController b = new FakeController(tcpCheck(7, "web", endpoint.getLocalPort())).start(0)) {
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      Agent.Config config = new Agent.Config("host-eu-1", "eu-1",
          List.of(new HostPort("127.0.0.1", a.port()), new HostPort("127.0.0.1", b.port())),
          LinkSettings.defaults(100));
      try (Agent agent = new Agent(config, Clock.systemUTC(), new AnyProbe(AddressResolver.system()), registry);
          OpsServer ops = new OpsServer(new InetSocketAddress("127.0.0.1", 0), agent::status, registry)) {
        assertEquals(503, get(ops.address(), "/health").statusCode(), "not ready before an assignment");
        agent.start();

        Observation seenByA = next(a, "web");
        Observation seenByB = next(b, "web");
        assertTrue(seenByA.getHealthy(), seenByA.getDetail());
        assertTrue(seenByB.getHealthy());
        assertEquals("127.0.0.1", seenByA.getResolvedIp());
        assertTrue(seenByA.getLatency().getConnectUs() > 0);

        endpoint.close();
        Observation down = next(a, "web");
        for (int i = 0; i < 3 && down.getHealthy(); i++) {
          down = next(a, "web");
        }
        assertEquals(FailureKind.CONNECTION_REFUSED, down.getFailure());

        HttpResponse<String> health = get(ops.address(), "/health");
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"status\":\"ready\""), health.body());
        assertTrue(health.body().contains("\"assignment_version\":7"), health.body());
        assertTrue(health.body().contains("\"checks\":1"), health.body());
        assertTrue(health.body().contains("\"state\":\"connected\""), health.body());

        String metrics = get(ops.address(), "/metrics").body();
        assertTrue(metrics.contains("vigil_agent_probes_total{result=\"healthy\"}"), metrics);
        assertTrue(metrics.contains("vigil_agent_probes_total{result=\"connection_refused\"}"), metrics);
        assertTrue(metrics.contains("vigil_agent_links_connected 2"), metrics);
        assertTrue(metrics.contains("vigil_agent_checks 1"), metrics);
        assertTrue(metrics.contains("vigil_agent_buffer_dropped_total{controller="), metrics);
        assertTrue(metrics.contains("vigil_agent_probe_duration_seconds_count"), metrics);
        assertTrue(metrics.contains("vigil_agent_schedule_lateness_seconds_count"), metrics);
      }
      assertNotNull(a.hellos.poll(1, TimeUnit.SECONDS));
      assertEquals("host-eu-1", b.hellos.poll(1, TimeUnit.SECONDS).getAgentId());
    }
  }

  @Test
  void observationsOfOneProbeCarryItsStartTime() throws Exception {
    long before = System.currentTimeMillis();
    try (ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        FakeController a = new FakeController(tcpCheck(1, "tcp", endpoint.getLocalPort())).start(0)) {
      Agent.Config config = new Agent.Config("x", "eu-1", List.of(new HostPort("127.0.0.1", a.port())),
          LinkSettings.defaults(100));
      try (Agent agent = new Agent(config, Clock.systemUTC(), new AnyProbe(AddressResolver.system()),
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
        agent.start();
        Observation o = next(a, "tcp");
        assertTrue(o.getObservedAtUnixMs() >= before && o.getObservedAtUnixMs() <= System.currentTimeMillis());
        assertTrue(Duration.ofMillis(System.currentTimeMillis() - before).toSeconds() < 15);
      }
    }
  }

  @Test
  void reportsItsOwnBrokenNetworkToEveryControllerWhenEveryCanaryFails() throws Exception {
    try (ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        FakeController a = new FakeController(tcpCheck(1, "tcp", endpoint.getLocalPort())).start(0);
        FakeController b = new FakeController(tcpCheck(1, "tcp", endpoint.getLocalPort())).start(0)) {
      int closed = dev.vigil.agent.probe.TestChecks.closedPort();
      var canary = dev.vigil.agent.canary.Canaries.check("http://127.0.0.1:" + closed + "/", Duration.ofSeconds(1));
      Agent.Config config = new Agent.Config("x", "eu-1",
          List.of(new HostPort("127.0.0.1", a.port()), new HostPort("127.0.0.1", b.port())),
          LinkSettings.defaults(100), List.of(canary), Duration.ofSeconds(1),
          Agent.DEFAULT_MAX_IN_FLIGHT);
      try (Agent agent = new Agent(config, Clock.systemUTC(), new AnyProbe(AddressResolver.system()),
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
        agent.start();
        for (FakeController c : List.of(a, b)) {
          var health = c.healths.poll(15, TimeUnit.SECONDS);
          assertTrue(health != null, "no AgentHealth");
          assertTrue(!health.getNetworkOk(), health.toString());
          assertTrue(health.getDetail().contains("connection refused"), health.getDetail());
          assertEquals(1, health.getIntervalSeconds());
          assertEquals(1, health.getCanariesTotal());
          assertTrue(c.protocolErrors.isEmpty(), c.protocolErrors.toString());
        }
        assertTrue(!agent.network().networkOk());
      }
    }
  }

  @Test
  void assignmentChangeMidRunTakesEffectWithoutRestartOrBurst() throws Exception {
    try (ServerSocket oldEndpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ServerSocket newEndpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        FakeController c = new FakeController(tcpCheck(1, "old", oldEndpoint.getLocalPort())).start(0)) {
      Agent.Config config = new Agent.Config("x", "eu-1", List.of(new HostPort("127.0.0.1", c.port())),
          LinkSettings.defaults(100));
      try (Agent agent = new Agent(config, Clock.systemUTC(), new AnyProbe(AddressResolver.system()),
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))) {
        agent.start();
        assertTrue(next(c, "old").getHealthy());

        c.broadcast(Assignment.newBuilder().setVersion(2).setFull(false)
            .addUpserts(tcpCheck(2, "new", newEndpoint.getLocalPort()).getUpserts(0))
            .addRemovedCheckIds("old").build());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        Long acked = null;
        while (acked == null || acked != 2) {
          acked = c.assignmentAcks.poll(500, TimeUnit.MILLISECONDS);
          assertTrue(System.nanoTime() < deadline, "change not acknowledged");
        }
        long appliedBy = System.currentTimeMillis();

        // Watch 3.5 intervals of the 1 s check: "new" runs at its own slots, at most once per interval (no
        // burst), and "old" never starts again.
        List<Observation> seen = new java.util.ArrayList<>();
        long watchUntil = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3_500);
        while (System.nanoTime() < watchUntil) {
          ObservationBatch b = c.batches.poll(100, TimeUnit.MILLISECONDS);
          if (b != null) {
            seen.addAll(b.getObservationsList());
          }
        }
        List<Observation> fresh = seen.stream().filter(o -> o.getObservedAtUnixMs() > appliedBy).toList();
        long news = fresh.stream().filter(o -> o.getCheckId().equals("new")).count();
        assertTrue(news >= 1 && news <= 4, "new check probed " + news + " times in 3.5 s: " + fresh);
        assertTrue(fresh.stream().noneMatch(o -> o.getCheckId().equals("old")), "old check still probed: " + fresh);
        assertEquals(1, agent.status().checks());
      }
    }
  }

  @Test
  void probesAtOnceWhenAControllerAsksAndReportsTheResultAsARequestedObservation() throws Exception {
    int closed = dev.vigil.agent.probe.TestChecks.closedPort();
    try (ServerSocket endpoint = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      // An interval of 5 minutes: the regular slots are far away, so a prompt result can only be a confirm probe.
      Assignment assignment = Assignment.newBuilder().setVersion(1).setFull(true)
          .addUpserts(tcpSpec("up", endpoint.getLocalPort(), 300))
          .addUpserts(tcpSpec("down", closed, 300))
          .build();
      try (FakeController c = new FakeController(assignment).start(0)) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Agent.Config config = new Agent.Config("x", "eu-1", List.of(new HostPort("127.0.0.1", c.port())),
            LinkSettings.defaults(100));
        try (Agent agent = new Agent(config, Clock.systemUTC(), new AnyProbe(AddressResolver.system()), registry)) {
          agent.start();
          assertEquals(1L, c.assignmentAcks.poll(15, TimeUnit.SECONDS));

          c.probeNow(List.of("up", "down", "not-assigned"));
          var seen = requested(c, List.of("up", "down"));
          Observation up = seen.get("up");
          Observation down = seen.get("down");
          assertTrue(up.getHealthy(), up.getDetail());
          assertEquals(FailureKind.CONNECTION_REFUSED, down.getFailure());

          c.probeNow(List.of("up"));
          awaitMetric(registry, "vigil_agent_probe_now_total{outcome=\"rate_limited\"} 1.0");
          String metrics = registry.scrape();
          assertTrue(metrics.contains("vigil_agent_probe_now_total{outcome=\"run\"} 2.0"), metrics);
          assertTrue(metrics.contains("vigil_agent_probe_now_total{outcome=\"unknown_check\"} 1.0"), metrics);
        }
      }
    }
  }

  private static CheckSpec tcpSpec(String id, int port, int intervalSeconds) {
    return CheckSpec.newBuilder().setId(id).setTcp(TcpProbe.getDefaultInstance())
        .setTarget(Target.newBuilder().setIpAddress("127.0.0.1").setPort(port))
        .setRequestIntervalSeconds(intervalSeconds).build();
  }

  /** The first requested (confirm) observation of each check, in any order of arrival. */
  private static java.util.Map<String, Observation> requested(FakeController c, List<String> checkIds)
      throws InterruptedException {
    java.util.Map<String, Observation> found = new java.util.HashMap<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (found.size() < checkIds.size() && System.nanoTime() < deadline) {
      ObservationBatch b = c.batches.poll(200, TimeUnit.MILLISECONDS);
      if (b != null) {
        b.getObservationsList().stream().filter(Observation::getRequested)
            .forEach(o -> found.putIfAbsent(o.getCheckId(), o));
      }
    }
    assertEquals(java.util.Set.copyOf(checkIds), found.keySet(), "requested observations");
    return found;
  }

  private static void awaitMetric(PrometheusMeterRegistry registry, String line) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!registry.scrape().contains(line)) {
      assertTrue(System.nanoTime() < deadline, "no metric line " + line + " in " + registry.scrape());
      Thread.sleep(20);
    }
  }
}
