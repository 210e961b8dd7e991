package dev.vigil.controller.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.controller.cluster.AnswerVersion;
import dev.vigil.controller.cluster.ReplicatedState;
import dev.vigil.proto.feed.v1.Ack;
import dev.vigil.proto.feed.v1.AnswerFeedGrpc;
import dev.vigil.proto.feed.v1.Version;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class NodeAcksTest {

  final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_900_000_000_000L), ZoneOffset.UTC);
  final NodeAcks acks = new NodeAcks();
  Server server;
  ManagedChannel channel;
  AnswerFeedGrpc.AnswerFeedBlockingStub stub;

  @BeforeEach
  void start() throws Exception {
    AnswerFeedService service = new AnswerFeedService(new ReplicatedState(), clock, Runnable::run,
        new SimpleMeterRegistry(), acks);
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor().addService(service).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    stub = AnswerFeedGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  static Ack ack(String node, long index) {
    return Ack.newBuilder().setNodeId(node).setApplied(Version.newBuilder().setTerm(2).setIndex(index))
        .setAppliedAtUnixMs(1_800_000_000_000L + index).build();
  }

  @Test
  void recordsTheVersionEachNodeServes() {
    stub.acknowledge(ack("dns-b", 7));
    stub.acknowledge(ack("dns-a", 9));

    assertEquals(2, acks.all().size());
    NodeAcks.NodeAck a = acks.all().getFirst();
    assertEquals("dns-a", a.nodeId());
    assertEquals(new AnswerVersion(2, 9), a.applied());
    assertEquals(Instant.ofEpochMilli(1_800_000_000_009L), a.appliedAt());
    assertEquals(clock.instant(), a.receivedAt());
    assertEquals("INSYNC", a.status(new AnswerVersion(2, 9)));
    assertEquals("PENDING", acks.all().get(1).status(new AnswerVersion(2, 9)));
  }

  @Test
  void anOlderAckArrivingLateDoesNotMoveANodeBack() {
    stub.acknowledge(ack("dns-a", 9));
    stub.acknowledge(ack("dns-a", 8));
    assertEquals(9, acks.all().getFirst().applied().index());
  }

  @Test
  void anAckWithoutNodeIdIsInvalid() {
    StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.acknowledge(ack("", 1)));
    assertEquals(io.grpc.Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    assertEquals(0, acks.all().size());
  }

  @Test
  void noVersionIsNeverInSync() {
    stub.acknowledge(ack("dns-a", 0));
    assertEquals("PENDING", acks.all().getFirst().status(new AnswerVersion(0, 0)));
  }
}
