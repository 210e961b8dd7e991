package dev.vigil.controller.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.Fixtures;
import dev.vigil.controller.answers.AnswerCompiler;
import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.cluster.AnswerVersion;
import dev.vigil.controller.cluster.DecisionLatency;
import dev.vigil.controller.cluster.ReplicatedState;
import dev.vigil.controller.model.CheckHealth;
import dev.vigil.proto.feed.v1.Ack;
import dev.vigil.proto.feed.v1.AnswerFeedGrpc;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.SubscribeRequest;
import dev.vigil.proto.feed.v1.Version;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Changes go out from the applying thread itself; full snapshots never do. */
@Timeout(20)
class FeedPushTest {

  final ReplicatedState state = new ReplicatedState();
  final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_900_000_000_000L), ZoneOffset.UTC);
  final Queue<Runnable> executor = new ArrayDeque<>();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final DecisionLatency latency = new DecisionLatency(clock, registry);
  Server server;
  ManagedChannel channel;

  AnswerFeedService start() throws Exception {
    AnswerFeedService service = new AnswerFeedService(state, clock, executor::add, registry, new NodeAcks(), latency);
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor().addService(service).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    return service;
  }

  @AfterEach
  void stop() throws Exception {
    if (channel == null) {
      return;
    }
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  void apply(dev.vigil.proto.cluster.v1.Command command, long index) {
    state.publish(state.current().apply(command, 1, index));
  }

  AnswerFeedServiceTest.Reader subscribe(String node, long have) {
    AnswerFeedServiceTest.Reader reader = new AnswerFeedServiceTest.Reader();
    AnswerFeedGrpc.newStub(channel).subscribe(SubscribeRequest.newBuilder().setNodeId(node)
        .setHave(Version.newBuilder().setTerm(1).setIndex(have)).build(), reader);
    return reader;
  }

  @Test
  void aChangeIsSentByThePublishingThreadWithoutAHandOff() throws Exception {
    start();
    apply(AnswerFeedServiceTest.config(), 1);
    AnswerFeedServiceTest.Reader reader = subscribe("d1", 0);
    reader.call.request(10);
    while (!executor.isEmpty()) {
      executor.poll().run();
    }
    AnswerUpdate full = (AnswerUpdate) reader.received.poll(5, TimeUnit.SECONDS);
    assertTrue(full.getFull());

    apply(AnswerFeedServiceTest.transition(false), 2);
    assertTrue(executor.isEmpty(), "no hand-off for a change");
    AnswerUpdate change = (AnswerUpdate) reader.received.poll(0, TimeUnit.SECONDS);
    assertFalse(change.getFull(), "sent before publish returned");
    assertEquals(2, change.getVersion().getIndex());
  }

  @Test
  void nodesOnTheSameBaseShareOneEncodedChange() {
    FeedUpdates updates = new FeedUpdates(clock);
    AnswerSet healthy = AnswerCompiler.compile(Fixtures.failoverState(), Map.of());
    AnswerSet down = AnswerCompiler.compile(Fixtures.failoverState(),
        Map.of("web", new CheckHealth("web", false, Instant.EPOCH, "down")));
    AnswerUpdate a = updates.change(healthy, new AnswerVersion(1, 1), down, new AnswerVersion(1, 2));
    AnswerUpdate b = updates.change(healthy, new AnswerVersion(1, 1), down, new AnswerVersion(1, 2));
    assertSame(a, b);
    AnswerUpdate other = updates.change(down, new AnswerVersion(1, 2), healthy, new AnswerVersion(1, 3));
    assertEquals(3, other.getVersion().getIndex());
    assertEquals(2, other.getBase().getIndex());
  }

  @Test
  void recordsDecisionToNodeAppliedOncePerNodeAndVersion() throws Exception {
    AnswerFeedService service = start();
    apply(AnswerFeedServiceTest.config(), 1);
    latency.applied(2, clock.millis() - 40);
    for (int i = 0; i < 2; i++) {
      service.acknowledge(Ack.newBuilder().setNodeId("d1").setApplied(Version.newBuilder().setTerm(1).setIndex(2))
          .setAppliedAtUnixMs(clock.millis() - 10).build(), new io.grpc.stub.StreamObserver<>() {
            @Override public void onNext(dev.vigil.proto.feed.v1.AckReply value) {}
            @Override public void onError(Throwable t) {}
            @Override public void onCompleted() {}
          });
    }
    var served = registry.get("vigil.controller.decision.served").timer();
    assertEquals(1, served.count());
    assertEquals(30, served.totalTime(TimeUnit.MILLISECONDS), 0.001);
  }
}
