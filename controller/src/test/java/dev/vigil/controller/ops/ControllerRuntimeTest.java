package dev.vigil.controller.ops;

import java.time.Duration;
import dev.vigil.controller.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.ControllerMainAccess;
import dev.vigil.controller.ControllerRuntime;
import dev.vigil.controller.Fixtures;
import dev.vigil.controller.FreePorts;
import dev.vigil.controller.cluster.RaftMember;
import dev.vigil.controller.net.HostPort;
import dev.vigil.proto.agent.v1.AgentLinkGrpc;
import dev.vigil.proto.agent.v1.AgentMessage;
import dev.vigil.proto.agent.v1.ControllerMessage;
import dev.vigil.proto.agent.v1.Hello;
import dev.vigil.proto.agent.v1.Observation;
import dev.vigil.proto.agent.v1.ObservationBatch;
import dev.vigil.proto.feed.v1.AnswerFeedGrpc;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.SubscribeRequest;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One whole controller on loopback: agent in, Raft decision, dns-node feed out, HTTP surface. */
@Timeout(120)
class ControllerRuntimeTest {

  @TempDir Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    Await.until(condition, what, Duration.ofSeconds(30));
  }

  HttpResponse<String> get(ControllerRuntime runtime, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  int statusOf(ControllerRuntime runtime, String path) {
    try {
      return get(runtime, path).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void agentFailureFailsOverAnswersAndHttpShowsIt() throws Exception {
    var settings = new ControllerRuntime.Settings(
        "c1", List.of(new RaftMember("c1", "127.0.0.1:" + FreePorts.next())), dir,
        HostPort.parse("127.0.0.1:0"), HostPort.parse("127.0.0.1:0"), true);
    try (ControllerRuntime runtime = ControllerRuntime.start(settings, Clock.systemUTC())) {
      HttpResponse<String> notReady = get(runtime, "/health");
      assertEquals(503, notReady.statusCode());
      assertTrue(notReady.body().contains("config: not applied yet"), notReady.body());

      assertTrue(runtime.raft().awaitLeader(java.time.Duration.ofSeconds(20)));
      ControllerMainAccess.applyConfig(runtime, Fixtures.failoverState());
      runtime.configApplied();

      // Ready once this member has also applied every entry it knows committed (the monitor may add one).
      Await.until(() -> statusOf(runtime, "/health") == 200, "/health 200", java.time.Duration.ofSeconds(20));
      HttpResponse<String> ready = get(runtime, "/health");
      assertEquals(200, ready.statusCode(), ready.body());
      assertTrue(ready.body().contains("\"status\":\"UP\""), ready.body());
      assertTrue(ready.body().contains("\"leader\":\"c1\""), ready.body());

      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", runtime.grpcPort()).usePlaintext().build();
      try {
        assertEquals(HealthCheckResponse.ServingStatus.SERVING,
            HealthGrpc.newBlockingStub(channel).check(HealthCheckRequest.getDefaultInstance()).getStatus());

        BlockingQueue<AnswerUpdate> feed = new LinkedBlockingQueue<>();
        AnswerFeedGrpc.newStub(channel).subscribe(SubscribeRequest.newBuilder().setNodeId("d1").build(), observer(feed));
        AnswerUpdate full = feed.poll(20, TimeUnit.SECONDS);
        assertTrue(full != null && full.getFull(), "full snapshot first");

        BlockingQueue<ControllerMessage> toAgent = new LinkedBlockingQueue<>();
        StreamObserver<AgentMessage> agent = AgentLinkGrpc.newStub(channel).connect(observer(toAgent));
        agent.onNext(AgentMessage.newBuilder()
            .setHello(Hello.newBuilder().setAgentId("a1").setRegion("eu")).build());
        assertTrue(toAgent.poll(20, TimeUnit.SECONDS).getAssignment().getFull());
        agent.onNext(AgentMessage.newBuilder().setObservations(ObservationBatch.newBuilder().setSequence(1)
            .addObservations(Observation.newBuilder().setCheckId("web").setHealthy(false)
                .setObservedAtUnixMs(System.currentTimeMillis()).setDetail("connection refused"))).build());
        assertEquals(1, toAgent.poll(20, TimeUnit.SECONDS).getObservationAck().getSequence());

        AnswerUpdate change = feed.poll(20, TimeUnit.SECONDS);
        assertFalse(change.getFull());
        assertEquals(full.getVersion(), change.getBase());
        assertEquals("www.example.test.", change.getZones(0).getUpserts(0).getName());

        String state = get(runtime, "/v1/state").body();
        assertTrue(state.contains("\"healthy\":false"), state);
        assertTrue(state.contains("0 of 1 agent healthy"), state);

        HttpResponse<String> status = get(runtime, "/v1/health-checks/web/status");
        assertEquals(200, status.statusCode());
        assertTrue(status.body().contains("\"agent\":\"a1\""), status.body());
        assertTrue(status.body().contains("connection refused"), status.body());
        HttpResponse<String> unknown = get(runtime, "/v1/health-checks/nope/status");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("no health check 'nope'"), unknown.body());

        String metrics = get(runtime, "/metrics").body();
        for (String name : List.of("vigil_controller_observations_total", "vigil_controller_agents_connected 1",
            "vigil_controller_feed_subscribers 1", "vigil_controller_health_transitions_total 1",
            "vigil_controller_answers_version", "vigil_controller_check_healthy{check=\"web\"} 0")) {
          assertTrue(metrics.contains(name), name + " in\n" + metrics);
        }
        agent.onCompleted();
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  static <T> StreamObserver<T> observer(BlockingQueue<T> queue) {
    return new StreamObserver<>() {
      @Override public void onNext(T value) { queue.add(value); }
      @Override public void onError(Throwable t) {}
      @Override public void onCompleted() {}
    };
  }
}
