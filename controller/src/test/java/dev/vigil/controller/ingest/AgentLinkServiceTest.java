package dev.vigil.controller.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.FakeClock;
import dev.vigil.controller.FakeLeadership;
import dev.vigil.controller.Fixtures;
import dev.vigil.controller.cluster.CommandSink;
import dev.vigil.controller.cluster.ReplicatedState;
import dev.vigil.controller.cluster.StateCodec;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.monitor.HealthMonitor;
import dev.vigil.proto.agent.v1.AgentLinkGrpc;
import dev.vigil.proto.agent.v1.AgentMessage;
import dev.vigil.proto.agent.v1.Assignment;
import dev.vigil.proto.agent.v1.AssignmentAck;
import dev.vigil.proto.agent.v1.CheckSpec;
import dev.vigil.proto.agent.v1.ControllerMessage;
import dev.vigil.proto.agent.v1.Hello;
import dev.vigil.proto.agent.v1.Observation;
import dev.vigil.proto.agent.v1.ObservationBatch;
import dev.vigil.proto.cluster.v1.ApplyConfig;
import dev.vigil.proto.cluster.v1.Command;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class AgentLinkServiceTest {

  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  final ReplicatedState state = new ReplicatedState();
  final FakeLeadership leadership = new FakeLeadership();
  final HealthMonitor monitor = new HealthMonitor(state::current, leadership,
      command -> CompletableFuture.<CommandSink.CommandResult>failedFuture(new IllegalStateException("no raft here")),
      new FakeClock(T0));
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final IngestMetrics metrics = new IngestMetrics(registry);
  Server server;
  ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    leadership.leader = false;
    apply(Fixtures.failoverState(), 1);
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new AgentLinkService(state, monitor, metrics, Runnable::run)).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  void apply(DesiredState desired, long index) {
    state.publish(state.current().apply(Command.newBuilder()
        .setApplyConfig(ApplyConfig.newBuilder().setDesired(StateCodec.toProto(desired))).build(), 1, index));
  }

  static final class Inbox implements StreamObserver<ControllerMessage> {
    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();

    @Override public void onNext(ControllerMessage value) { received.add(value); }
    @Override public void onError(Throwable t) { received.add(t); }
    @Override public void onCompleted() { received.add("completed"); }

    Object next() throws InterruptedException {
      Object o = received.poll(5, TimeUnit.SECONDS);
      if (o == null) {
        throw new AssertionError("nothing received");
      }
      return o;
    }

    ControllerMessage message() throws InterruptedException {
      Object o = next();
      if (o instanceof ControllerMessage m) {
        return m;
      }
      throw new AssertionError("expected a message, got " + o);
    }
  }

  static AgentMessage hello(String region) {
    return AgentMessage.newBuilder()
        .setHello(Hello.newBuilder().setAgentId("a1").setRegion(region).setSoftwareVersion("test")).build();
  }

  @Test
  void streamNotStartingWithHelloIsClosedWithInvalidArgument() throws Exception {
    Inbox inbox = new Inbox();
    StreamObserver<AgentMessage> out = AgentLinkGrpc.newStub(channel).connect(inbox);

    out.onNext(AgentMessage.newBuilder().setAssignmentAck(AssignmentAck.newBuilder().setVersion(1)).build());

    Status status = Status.fromThrowable((Throwable) inbox.next());
    assertEquals(Status.Code.INVALID_ARGUMENT, status.getCode());
    assertEquals("first message must be Hello", status.getDescription());
  }

  @Test
  void helloGetsFullAssignmentThenChangesWhenConfigChanges() throws Exception {
    Inbox inbox = new Inbox();
    StreamObserver<AgentMessage> out = AgentLinkGrpc.newStub(channel).connect(inbox);
    out.onNext(hello("eu"));

    Assignment full = inbox.message().getAssignment();
    assertTrue(full.getFull());
    assertEquals(1, full.getVersion());
    assertEquals(List.of("web"), full.getUpsertsList().stream().map(CheckSpec::getId).toList());
    assertEquals(1, metrics.agentsConnected());

    apply(new DesiredState(List.of(Fixtures.httpCheck("web"), Fixtures.check("us-only", 1, false, false, List.of("us")),
        Fixtures.httpCheck("api")), Fixtures.failoverState().hostedZones()), 5);
    Assignment change = inbox.message().getAssignment();

    assertFalse(change.getFull());
    assertEquals(5, change.getVersion());
    assertEquals(List.of("api"), change.getUpsertsList().stream().map(CheckSpec::getId).toList());

    apply(Fixtures.failoverState(), 6);
    Assignment removal = inbox.message().getAssignment();
    assertEquals(List.of("api"), removal.getRemovedCheckIdsList());
    out.onCompleted();
  }

  @Test
  void observationBatchIsAckedAndReachesMonitor() throws Exception {
    Inbox inbox = new Inbox();
    StreamObserver<AgentMessage> out = AgentLinkGrpc.newStub(channel).connect(inbox);
    out.onNext(hello("eu"));
    inbox.message(); // full assignment

    out.onNext(AgentMessage.newBuilder().setObservations(ObservationBatch.newBuilder()
        .setSequence(7)
        .addObservations(Observation.newBuilder().setCheckId("web").setObservedAtUnixMs(T0.toEpochMilli())
            .setHealthy(false).setDetail("connection refused"))
        .addObservations(Observation.newBuilder().setCheckId("ghost").setObservedAtUnixMs(T0.toEpochMilli())))
        .build());

    assertEquals(7, inbox.message().getObservationAck().getSequence());
    assertEquals(1, monitor.views("web").size());
    assertEquals("connection refused", monitor.views("web").get(0).last().detail());
    assertEquals("eu", monitor.views("web").get(0).region());
    assertEquals(1.0, registry.get("vigil.controller.observations").tag("outcome", "unknown_check").counter().count());
    assertEquals(1.0, registry.get("vigil.controller.observations").tag("outcome", "accepted").counter().count());
  }

  @Test
  void agentHealthAndCertificateExpiryReachTheMonitor() throws Exception {
    Inbox inbox = new Inbox();
    StreamObserver<AgentMessage> out = AgentLinkGrpc.newStub(channel).connect(inbox);
    out.onNext(hello("eu"));
    inbox.message();
    Instant notAfter = T0.plus(java.time.Duration.ofDays(10));

    out.onNext(AgentMessage.newBuilder().setAgentHealth(dev.vigil.proto.agent.v1.AgentHealth.newBuilder()
        .setNetworkOk(false).setCanariesTotal(1).setCheckedAtUnixMs(T0.toEpochMilli()).setIntervalSeconds(10)
        .setDetail("0 of 1 canary healthy")).build());
    out.onNext(AgentMessage.newBuilder().setObservations(ObservationBatch.newBuilder().setSequence(1)
        .addObservations(Observation.newBuilder().setCheckId("web").setObservedAtUnixMs(T0.toEpochMilli())
            .setHealthy(true).setCertificateNotAfterUnixMs(notAfter.toEpochMilli()))).build());
    assertEquals(1, inbox.message().getObservationAck().getSequence());

    assertEquals(java.util.Optional.of("network: 0 of 1 canary healthy"), monitor.exclusion("a1"));
    assertEquals(java.util.Optional.of(notAfter), monitor.certificateNotAfter("web"));
  }

  @Test
  void brokenStreamIsForgottenAndLaterChangesDoNotFail() throws Exception {
    Inbox inbox = new Inbox();
    StreamObserver<AgentMessage> out = AgentLinkGrpc.newStub(channel).connect(inbox);
    out.onNext(hello("eu"));
    inbox.message();

    out.onError(new RuntimeException("agent crashed"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (metrics.agentsConnected() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    apply(DesiredState.EMPTY, 9);

    assertEquals(0, metrics.agentsConnected());
  }
}
