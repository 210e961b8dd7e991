package dev.vigil.controller.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import dev.vigil.proto.agent.v1.ControllerMessage;
import dev.vigil.proto.agent.v1.Hello;
import dev.vigil.proto.agent.v1.Observation;
import dev.vigil.proto.agent.v1.ObservationBatch;
import dev.vigil.proto.cluster.v1.ApplyConfig;
import dev.vigil.proto.cluster.v1.Command;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Confirm probes through the real AgentLink service (in-process gRPC, direct executor: sends are synchronous). */
@Timeout(20)
class ConfirmProbesTest {

  static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

  final ReplicatedState state = new ReplicatedState();
  final FakeLeadership leadership = new FakeLeadership();
  final FakeClock clock = new FakeClock(T0);
  final HealthMonitor monitor = new HealthMonitor(state::current, leadership,
      command -> CompletableFuture.<CommandSink.CommandResult>failedFuture(new IllegalStateException("no raft here")),
      clock);
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final List<StreamObserver<AgentMessage>> streams = new ArrayList<>();
  Server server;
  ManagedChannel channel;
  long sequence;

  void start(boolean enabled) throws Exception {
    leadership.leader = true;
    // "web" is probed by every region, "eu-only" by eu only.
    apply(new DesiredState(List.of(Fixtures.httpCheck("web"), Fixtures.check("eu-only", 1, false, false,
        List.of("eu"))), Fixtures.failoverState().hostedZones()), 1);
    String name = InProcessServerBuilder.generateName();
    ConfirmProbes confirm = new ConfirmProbes(enabled, state::current, leadership, clock, registry);
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new AgentLinkService(state, monitor, new IngestMetrics(registry), Runnable::run, confirm))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  @AfterEach
  void stop() throws Exception {
    streams.forEach(StreamObserver::onCompleted);
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  void apply(DesiredState desired, long index) {
    state.publish(state.current().apply(Command.newBuilder()
        .setApplyConfig(ApplyConfig.newBuilder().setDesired(StateCodec.toProto(desired))).build(), 1, index));
  }

  AgentLinkServiceTest.Inbox connect(String agentId, String region) throws InterruptedException {
    AgentLinkServiceTest.Inbox inbox = new AgentLinkServiceTest.Inbox();
    StreamObserver<AgentMessage> out = AgentLinkGrpc.newStub(channel).connect(inbox);
    out.onNext(AgentMessage.newBuilder()
        .setHello(Hello.newBuilder().setAgentId(agentId).setRegion(region).setSoftwareVersion("test")).build());
    assertTrue(inbox.message().hasAssignment());
    streams.add(out);
    return inbox;
  }

  /** Sends one result on an agent's stream and waits for its ack (everything it caused has been sent by then). */
  void report(int agent, AgentLinkServiceTest.Inbox inbox, String checkId, boolean healthy, boolean requested)
      throws InterruptedException {
    long seq = ++sequence;
    streams.get(agent).onNext(AgentMessage.newBuilder().setObservations(ObservationBatch.newBuilder()
        .setSequence(seq)
        .addObservations(Observation.newBuilder().setCheckId(checkId).setObservedAtUnixMs(clock.now.toEpochMilli())
            .setHealthy(healthy).setRequested(requested))).build());
    assertEquals(seq, inbox.message().getObservationAck().getSequence());
  }

  static List<String> probeNow(AgentLinkServiceTest.Inbox inbox) throws InterruptedException {
    ControllerMessage m = inbox.message();
    assertTrue(m.hasProbeNow(), "expected ProbeNow, got " + m);
    return m.getProbeNow().getCheckIdsList();
  }

  double requestedCount() {
    return registry.get("vigil.controller.confirm.probes.requested").counter().count();
  }

  @Test
  void aFailureWhileHealthyAsksEveryOtherAssignedAgentOncePerInterval() throws Exception {
    start(true);
    var eu = connect("a-eu", "eu");
    var us = connect("a-us", "us");
    var ap = connect("a-ap", "ap");

    report(0, eu, "web", false, false);
    assertEquals(List.of("web"), probeNow(us));
    assertEquals(List.of("web"), probeNow(ap));
    assertTrue(eu.received.isEmpty(), "the reporting agent is not asked: " + eu.received);
    assertEquals(2.0, requestedCount());

    // The confirmations arrive (still disagreeing: the failover is not committed here): no second round.
    report(1, us, "web", false, true);
    report(2, ap, "web", false, true);
    assertTrue(eu.received.isEmpty() && us.received.isEmpty() && ap.received.isEmpty());
    assertEquals(2.0, registry.get("vigil.controller.confirm.probes.results").counter().count());

    clock.now = T0.plusSeconds(1); // one request interval later
    report(0, eu, "web", false, false);
    assertEquals(List.of("web"), probeNow(us));
    assertEquals(List.of("web"), probeNow(ap));
    assertEquals(4.0, requestedCount());
  }

  @Test
  void agreementUnassignedAgentsAndUnknownChecksAskNobody() throws Exception {
    start(true);
    var eu = connect("a-eu", "eu");
    var us = connect("a-us", "us");

    report(0, eu, "web", true, false);
    report(0, eu, "eu-only", false, false);
    report(0, eu, "ghost", false, false);
    assertTrue(us.received.isEmpty(), us.received.toString());
    assertEquals(0.0, requestedCount());
  }

  @Test
  void followersAndDisabledControllersNeverAsk() throws Exception {
    start(false);
    var eu = connect("a-eu", "eu");
    var us = connect("a-us", "us");
    report(0, eu, "web", false, false);
    assertTrue(us.received.isEmpty(), "--confirm-probes off");

    stop();
    streams.clear();
    start(true);
    eu = connect("a-eu", "eu");
    us = connect("a-us", "us");
    leadership.leader = false;
    report(0, eu, "web", false, false);
    assertTrue(us.received.isEmpty(), "a follower does not ask");
    assertEquals(0.0, requestedCount());
  }

  @Test
  void aDisconnectedAgentIsNotAsked() throws Exception {
    start(true);
    var eu = connect("a-eu", "eu");
    connect("a-us", "us");
    streams.remove(1).onCompleted();
    report(0, eu, "web", false, false);
    assertEquals(0.0, requestedCount());
  }
}
