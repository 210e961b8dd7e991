package dev.vigil.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.agent.Await;
import dev.vigil.agent.HostPort;
import dev.vigil.agent.assignment.AssignmentBook;
import dev.vigil.agent.probe.FailureKind;
import dev.vigil.agent.probe.Observation;
import dev.vigil.agent.probe.ProbeResult;
import dev.vigil.proto.agent.v1.Assignment;
import dev.vigil.proto.agent.v1.CheckSpec;
import dev.vigil.proto.agent.v1.Hello;
import dev.vigil.proto.agent.v1.ObservationBatch;
import dev.vigil.proto.agent.v1.Target;
import dev.vigil.proto.agent.v1.TcpProbe;
import io.github.resilience4j.core.IntervalFunction;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ControllerLinkTest {

  private static final Duration WAIT = Duration.ofSeconds(15);
  private final ScheduledExecutorService io = Executors.newSingleThreadScheduledExecutor();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private final AssignmentBook book = new AssignmentBook(checks -> {});

  @AfterEach
  void tearDown() throws Exception {
    for (AutoCloseable c : closing.reversed()) {
      c.close();
    }
    io.shutdownNow();
  }

  static Assignment full(long version, String... ids) {
    Assignment.Builder a = Assignment.newBuilder().setVersion(version).setFull(true);
    for (String id : ids) {
      a.addUpserts(CheckSpec.newBuilder().setId(id).setTcp(TcpProbe.getDefaultInstance())
          .setTarget(Target.newBuilder().setIpAddress("127.0.0.1").setPort(9)).setRequestIntervalSeconds(10));
    }
    return a.build();
  }

  private FakeController controller(Assignment assignment) throws Exception {
    FakeController c = new FakeController(assignment).start(0);
    closing.add(c);
    return c;
  }

  private ControllerLink link(int port, int buffer) {
    LinkSettings settings = new LinkSettings(buffer, 500, 8, Duration.ofSeconds(10), Duration.ofSeconds(15),
        IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(50), 2.0, 0.5, Duration.ofSeconds(1)));
    ControllerLink link = new ControllerLink(new HostPort("127.0.0.1", port),
        Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create()).build(),
        Hello.newBuilder().setAgentId("agent-1").setRegion("eu-1").build(), book::offer, io, settings);
    closing.add(link);
    link.start();
    return link;
  }

  private static Observation obs(int i) {
    return new Observation("check-" + i, 1_000L + i,
        ProbeResult.failed(FailureKind.CONNECTION_REFUSED, "refused " + i, "127.0.0.1", 0, null, 0));
  }

  /** Collects batches until {@code count} observations arrived; returns them in arrival order. */
  private static List<dev.vigil.proto.agent.v1.Observation> receive(FakeController c, int count,
      List<ObservationBatch> seen) throws InterruptedException {
    List<dev.vigil.proto.agent.v1.Observation> all = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (all.size() < count) {
      ObservationBatch b = c.batches.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      assertNotNull(b, "only " + all.size() + " of " + count + " observations arrived");
      seen.add(b);
      all.addAll(b.getObservationsList());
    }
    return all;
  }

  @Test
  void sendsHelloFirstAppliesFullAssignmentAndAcksIt() throws Exception {
    FakeController c = controller(full(3, "a", "b"));
    ControllerLink link = link(c.port(), 100);
    Hello hello = c.hellos.poll(15, TimeUnit.SECONDS);
    assertNotNull(hello);
    assertEquals("agent-1", hello.getAgentId());
    assertEquals("eu-1", hello.getRegion());
    assertEquals(3L, c.assignmentAcks.poll(15, TimeUnit.SECONDS));
    assertEquals(3, book.current().version());
    assertEquals(2, book.current().checks().size());
    assertEquals(ControllerLink.State.CONNECTED, link.state());
    assertTrue(c.protocolErrors.isEmpty(), c.protocolErrors.toString());
  }

  @Test
  void appliesLaterChangesAndAcksThem() throws Exception {
    FakeController c = controller(full(3, "a", "b"));
    link(c.port(), 100);
    assertEquals(3L, c.assignmentAcks.poll(15, TimeUnit.SECONDS));
    c.broadcast(Assignment.newBuilder().setVersion(4).addRemovedCheckIds("a").build());
    assertEquals(4L, c.assignmentAcks.poll(15, TimeUnit.SECONDS));
    assertEquals(java.util.Set.of("b"), book.current().checks().keySet());
  }

  @Test
  void deliversObservationsInSequencedBatches() throws Exception {
    FakeController c = controller(full(1, "a"));
    ControllerLink link = link(c.port(), 10_000);
    Await.until(WAIT, () -> link.state() == ControllerLink.State.CONNECTED, "link connected");
    for (int i = 0; i < 1200; i++) {
      link.offer(obs(i));
    }
    List<ObservationBatch> batches = new ArrayList<>();
    List<dev.vigil.proto.agent.v1.Observation> all = receive(c, 1200, batches);
    for (int i = 0; i < 1200; i++) {
      assertEquals("check-" + i, all.get(i).getCheckId());
    }
    assertEquals(dev.vigil.proto.agent.v1.FailureKind.CONNECTION_REFUSED, all.get(0).getFailure());
    for (int i = 0; i < batches.size(); i++) {
      assertEquals(i + 1, batches.get(i).getSequence());
      assertTrue(batches.get(i).getObservationsCount() <= 500);
    }
    assertTrue(batches.size() >= 3);
  }

  @Test
  void buffersWhileControllerIsAwayAndDeliversAfterReconnect() throws Exception {
    FakeController c = controller(full(1, "a"));
    int port = c.port();
    ControllerLink link = link(port, 10);
    Await.until(WAIT, () -> link.state() == ControllerLink.State.CONNECTED, "link connected");
    link.offer(obs(0));
    assertEquals("check-0", receive(c, 1, new ArrayList<>()).getFirst().getCheckId());
    Await.until(WAIT, () -> link.unacknowledged() == 0, "ack of the first batch processed");

    c.stop();
    Await.until(WAIT, () -> link.state() != ControllerLink.State.CONNECTED, "link notices the controller is gone");
    for (int i = 1; i <= 15; i++) {
      link.offer(obs(i));
    }
    assertEquals(10, link.buffered());
    assertEquals(5, link.dropped());

    FakeController restarted = new FakeController(full(2, "a")).start(port);
    closing.add(restarted);
    Await.until(WAIT, () -> link.connections() == 2, "link reconnects to the restarted controller");
    List<ObservationBatch> batches = new ArrayList<>();
    List<dev.vigil.proto.agent.v1.Observation> all = receive(restarted, 10, batches);
    assertEquals(List.of("check-6", "check-7", "check-8", "check-9", "check-10", "check-11", "check-12", "check-13",
        "check-14", "check-15"), all.stream().map(dev.vigil.proto.agent.v1.Observation::getCheckId).toList());
    assertEquals(1, batches.getFirst().getSequence(), "sequence restarts per stream");
    assertEquals(5, batches.getLast().getDroppedTotal());
    assertEquals(2L, restarted.assignmentAcks.poll(15, TimeUnit.SECONDS));
    assertEquals(2, book.current().version());
  }

  @Test
  void resendsUnacknowledgedBatchesAfterReconnect() throws Exception {
    FakeController c = controller(full(1, "a")).ackBatches(false);
    int port = c.port();
    ControllerLink link = link(port, 100);
    Await.until(WAIT, () -> link.state() == ControllerLink.State.CONNECTED, "link connected");
    for (int i = 0; i < 3; i++) {
      link.offer(obs(i));
    }
    receive(c, 3, new ArrayList<>());
    c.stop();
    FakeController restarted = new FakeController(full(1, "a")).start(port);
    closing.add(restarted);
    List<dev.vigil.proto.agent.v1.Observation> again = receive(restarted, 3, new ArrayList<>());
    assertEquals(List.of("check-0", "check-1", "check-2"),
        again.stream().map(dev.vigil.proto.agent.v1.Observation::getCheckId).toList());
    assertEquals(0, link.dropped());
  }
}
