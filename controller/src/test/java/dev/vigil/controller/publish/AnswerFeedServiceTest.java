package dev.vigil.controller.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.Fixtures;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.cluster.ReplicatedState;
import dev.vigil.controller.cluster.StateCodec;
import dev.vigil.proto.cluster.v1.ApplyConfig;
import dev.vigil.proto.cluster.v1.Command;
import dev.vigil.proto.cluster.v1.HealthTransition;
import dev.vigil.proto.cluster.v1.HealthTransitions;
import dev.vigil.proto.feed.v1.AnswerFeedGrpc;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.SubscribeRequest;
import dev.vigil.proto.feed.v1.Version;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class AnswerFeedServiceTest {

  final ReplicatedState state = new ReplicatedState();
  final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_900_000_000_000L), ZoneOffset.UTC);
  AnswerFeedService service;
  Server server;
  ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    service = new AnswerFeedService(state, clock, Runnable::run, new SimpleMeterRegistry());
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor().addService(service).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    apply(config(), 1, 1);
  }

  @AfterEach
  void stop() throws Exception {
    channel.shutdownNow();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  static Command config() {
    return Command.newBuilder().setApplyConfig(ApplyConfig.newBuilder()
        .setDesired(StateCodec.toProto(Fixtures.failoverState()))).build();
  }

  static Command transition(boolean healthy) {
    return Command.newBuilder().setHealthTransitions(HealthTransitions.newBuilder().addTransitions(
        HealthTransition.newBuilder().setCheckId("web").setHealthy(healthy).setAtUnixMs(1))).build();
  }

  void apply(Command command, long term, long index) {
    ControllerState current = state.current();
    state.publish(current.apply(command, term, index));
  }

  /** A subscriber that reads only when the test asks (manual flow control). */
  static final class Reader implements ClientResponseObserver<SubscribeRequest, AnswerUpdate> {
    final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
    ClientCallStreamObserver<SubscribeRequest> call;

    @Override
    public void beforeStart(ClientCallStreamObserver<SubscribeRequest> requestStream) {
      call = requestStream;
      requestStream.disableAutoRequestWithInitial(0);
    }

    @Override public void onNext(AnswerUpdate value) { received.add(value); }
    @Override public void onError(Throwable t) { received.add(t); }
    @Override public void onCompleted() { received.add("completed"); }

    AnswerUpdate next() throws InterruptedException {
      call.request(1);
      Object o = received.poll(5, TimeUnit.SECONDS);
      if (o instanceof AnswerUpdate u) {
        return u;
      }
      throw new AssertionError("expected an update, got " + o);
    }
  }

  Reader subscribe(long haveIndex) {
    Reader reader = new Reader();
    AnswerFeedGrpc.newStub(channel).subscribe(SubscribeRequest.newBuilder().setNodeId("d1")
        .setHave(Version.newBuilder().setTerm(1).setIndex(haveIndex)).build(), reader);
    return reader;
  }

  @Test
  void newSubscriberGetsFullThenChangesOnTopOfIt() throws Exception {
    Reader reader = subscribe(0);

    AnswerUpdate full = reader.next();
    assertTrue(full.getFull());
    assertEquals(1, full.getVersion().getIndex());

    apply(transition(false), 1, 2);
    AnswerUpdate change = reader.next();
    assertFalse(change.getFull());
    assertEquals(1, change.getBase().getIndex());
    assertEquals(2, change.getVersion().getIndex());
    assertEquals("www.example.test.", change.getZones(0).getUpserts(0).getName());
    assertEquals(1, service.subscribers());
  }

  @Test
  void subscriberThatHasCurrentVersionGetsOnlyChanges() throws Exception {
    Reader reader = subscribe(1);
    reader.call.request(1);
    assertNull(reader.received.poll(200, TimeUnit.MILLISECONDS), "nothing new to send");

    apply(transition(false), 1, 2);
    AnswerUpdate change = (AnswerUpdate) reader.received.poll(5, TimeUnit.SECONDS);

    assertFalse(change.getFull());
    assertEquals(1, change.getBase().getIndex());
    assertEquals(2, change.getVersion().getIndex());
  }

  @Test
  void slowSubscriberGetsOneCoalescedChangeFromItsLastVersion() throws Exception {
    Reader reader = subscribe(0);
    assertEquals(1, reader.next().getVersion().getIndex());

    apply(transition(false), 1, 2); // not read yet: the stream is not ready, nothing is queued
    apply(transition(true), 1, 3);
    apply(transition(false), 1, 4);
    AnswerUpdate change = reader.next();

    assertEquals(1, change.getBase().getIndex());
    assertEquals(4, change.getVersion().getIndex());
    assertNull(reader.received.poll(200, TimeUnit.MILLISECONDS), "no intermediate versions");
  }

  @Test
  void subscriberWithUnknownVersionGetsFull() throws Exception {
    Reader reader = subscribe(99);
    apply(transition(false), 1, 100);

    AnswerUpdate update = reader.next();

    assertTrue(update.getFull());
    assertEquals(100, update.getVersion().getIndex());
  }

  @Test
  void cancelledSubscriberIsDropped() throws Exception {
    Reader reader = subscribe(0);
    reader.next();

    reader.call.cancel("bye", null);
    apply(transition(false), 1, 2);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (service.subscribers() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertEquals(0, service.subscribers());
  }
}
