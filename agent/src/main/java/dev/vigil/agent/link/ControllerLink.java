package dev.vigil.agent.link;

import dev.vigil.agent.HostPort;
import dev.vigil.agent.assignment.AssignmentUpdate;
import dev.vigil.agent.probe.Observation;
import dev.vigil.proto.agent.v1.AgentHealth;
import dev.vigil.proto.agent.v1.AgentLinkGrpc;
import dev.vigil.proto.agent.v1.AgentMessage;
import dev.vigil.proto.agent.v1.AssignmentAck;
import dev.vigil.proto.agent.v1.ControllerMessage;
import dev.vigil.proto.agent.v1.Hello;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AgentLink.Connect stream to one controller, kept up for the agent's life: Hello first, assignments in (acked),
 * observations out in sequenced batches within gRPC flow control. Observations wait in a bounded buffer while the
 * controller is away; unacknowledged batches are sent again after a reconnect (at-least-once). Reconnects back off
 * exponentially with jitter (Resilience4j IntervalFunction), reset once a stream has been answered.
 */
public final class ControllerLink implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ControllerLink.class);
  private static final int MAX_ATTEMPT = 30;

  /** Where the link is in its life. */
  public enum State { CONNECTING, CONNECTED, BACKING_OFF, CLOSED }

  private final HostPort controller;
  private final ManagedChannel channel;
  private final Hello hello;
  private final BiPredicate<AssignmentUpdate, String> assignments;
  private final Consumer<List<String>> probeNow;
  private final ScheduledExecutorService io;
  private final LinkSettings settings;
  private final ObservationBuffer buffer;

  private Session session;
  private State state = State.CONNECTING;
  private int failedAttempts;
  private long connections;
  private boolean drainScheduled;
  private boolean closed;
  private ScheduledFuture<?> reconnect;
  private ScheduledFuture<?> liveness;
  private AgentHealth health; // the latest canary verdict, repeated on every new stream

  /**
   * @param assignments offered every received assignment with this controller's name; returns whether to ack it
   * @param io a single-threaded executor for timers and sending; shared by links
   */
  public ControllerLink(HostPort controller, ManagedChannel channel, Hello hello,
      BiPredicate<AssignmentUpdate, String> assignments, ScheduledExecutorService io, LinkSettings settings) {
    this(controller, channel, hello, assignments, ids -> {}, io, settings);
  }

  /** @param probeNow given the check ids of every ProbeNow the controller sends (confirm probes); never blocks */
  public ControllerLink(HostPort controller, ManagedChannel channel, Hello hello,
      BiPredicate<AssignmentUpdate, String> assignments, Consumer<List<String>> probeNow,
      ScheduledExecutorService io, LinkSettings settings) {
    this.probeNow = probeNow;
    this.controller = controller;
    this.channel = channel;
    this.hello = hello;
    this.assignments = assignments;
    this.io = io;
    this.settings = settings;
    this.buffer = new ObservationBuffer(settings.bufferCapacity());
  }

  public synchronized void start() {
    liveness = io.scheduleWithFixedDelay(this::checkLiveness, 1, 1, TimeUnit.SECONDS);
    open();
  }

  /** Queues an observation for this controller and triggers a flush. Never blocks. */
  public void offer(Observation observation) {
    buffer.offer(observation);
    scheduleDrain();
  }

  /** Sends the agent's own network health now if a stream is up, and after every reconnect. Never blocks. */
  public synchronized void reportHealth(AgentHealth latest) {
    health = latest;
    Session s = session;
    if (s != null && !s.ended && !closed) {
      send(s, AgentMessage.newBuilder().setAgentHealth(latest).build());
    }
  }

  public HostPort controller() {
    return controller;
  }

  public synchronized State state() {
    return state;
  }

  /** Streams that were answered by the controller since start. */
  public synchronized long connections() {
    return connections;
  }

  public int buffered() {
    return buffer.size();
  }

  /** Observations sent on the current stream and not yet acknowledged. */
  public synchronized int unacknowledged() {
    return session == null ? 0 : session.inFlight.values().stream().mapToInt(f -> f.observations().size()).sum();
  }

  public long dropped() {
    return buffer.dropped();
  }

  private synchronized void open() {
    if (closed) {
      return;
    }
    state = State.CONNECTING;
    channel.resetConnectBackoff(); // Our backoff decides when to retry, not the channel's (up to 2 min).
    Session s = new Session();
    session = s;
    try {
      AgentLinkGrpc.newStub(channel).connect(s);
      s.requests.onNext(AgentMessage.newBuilder().setHello(hello).build());
      if (health != null) {
        s.requests.onNext(AgentMessage.newBuilder().setAgentHealth(health).build());
      }
    } catch (RuntimeException e) {
      s.ended = true;
      if (s.requests != null) {
        s.requests.cancel("failed to start stream", e);
      }
      onEnd(s, Status.fromThrowable(e));
    }
  }

  private void onMessage(Session s, ControllerMessage message) {
    synchronized (this) {
      if (s != session) {
        return;
      }
      if (!s.answered) {
        s.answered = true;
        state = State.CONNECTED;
        failedAttempts = 0;
        connections++;
        log.info("event=link.connected controller={} agent={} region={}", controller, hello.getAgentId(),
            hello.getRegion());
      }
      if (message.hasObservationAck()) {
        s.acknowledge(message.getObservationAck().getSequence());
        scheduleDrain();
        return;
      }
    }
    if (message.hasProbeNow()) {
      // Outside our lock; the scheduler only hands probes to its executor.
      probeNow.accept(message.getProbeNow().getCheckIdsList());
      return;
    }
    if (message.hasAssignment()) {
      var a = message.getAssignment();
      // Outside our lock: the book and scheduler have their own; gRPC delivers one message at a time per stream.
      boolean ack = assignments.test(WireCodec.update(a), controller.toString());
      if (ack) {
        synchronized (this) {
          if (s == session) {
            send(s, AgentMessage.newBuilder()
                .setAssignmentAck(AssignmentAck.newBuilder().setVersion(a.getVersion())).build());
          }
        }
      }
    }
  }

  private void onEnd(Session s, Status status) {
    synchronized (this) {
      if (s != session) {
        return;
      }
      session = null;
      buffer.requeueFront(s.unacknowledged());
      if (closed) {
        return;
      }
      if (s.answered) {
        log.info("event=link.disconnected controller={} status={} description=\"{}\" buffered={}", controller,
            status.getCode(), status.getDescription(), buffer.size());
      } else if (failedAttempts == 0) {
        log.info("event=link.connect_failed controller={} status={} description=\"{}\"", controller,
            status.getCode(), status.getDescription());
      }
      failedAttempts = Math.min(failedAttempts + 1, MAX_ATTEMPT);
      long delay = settings.backoff().apply(failedAttempts);
      state = State.BACKING_OFF;
      log.debug("event=link.retry controller={} attempt={} delay_ms={}", controller, failedAttempts, delay);
      reconnect = io.schedule(this::open, delay, TimeUnit.MILLISECONDS);
    }
  }

  private synchronized void scheduleDrain() {
    if (drainScheduled || closed) {
      return;
    }
    drainScheduled = true;
    io.execute(this::drain);
  }

  /** Sends as many batches as flow control and the in-flight limit allow. */
  private synchronized void drain() {
    drainScheduled = false;
    Session s = session;
    if (s == null || s.ended) {
      return;
    }
    while (s.requests.isReady() && s.inFlight.size() < settings.maxInFlightBatches()) {
      List<Observation> batch = buffer.take(settings.batchSize());
      if (batch.isEmpty()) {
        return;
      }
      long sequence = s.nextSequence++;
      s.inFlight.put(sequence, new InFlight(batch, System.nanoTime()));
      if (!send(s, AgentMessage.newBuilder()
          .setObservations(WireCodec.batch(sequence, batch, buffer.dropped())).build())) {
        return; // The stream is ending; the batch goes back to the buffer in onEnd.
      }
    }
  }

  private boolean send(Session s, AgentMessage message) {
    try {
      s.requests.onNext(message);
      return true;
    } catch (RuntimeException e) {
      s.ended = true;
      s.requests.cancel("send failed", e);
      return false;
    }
  }

  /** Gives up streams that went silent: no answer to Hello, or batches never acknowledged. */
  private synchronized void checkLiveness() {
    Session s = session;
    if (s == null || s.ended) {
      return;
    }
    long now = System.nanoTime();
    if (!s.answered && now - s.startedNanos > settings.answerTimeout().toNanos()) {
      s.requests.cancel("no answer from controller within " + settings.answerTimeout().toMillis() + " ms", null);
    } else if (s.oldestUnacknowledgedNanos().map(t -> now - t > settings.ackTimeout().toNanos()).orElse(false)) {
      s.requests.cancel("no ack from controller within " + settings.ackTimeout().toMillis() + " ms", null);
    }
  }

  /** Flushes what flow control allows, half-closes the stream and shuts the channel down. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      drain();
      closed = true;
      state = State.CLOSED;
      if (reconnect != null) {
        reconnect.cancel(false);
      }
      if (liveness != null) {
        liveness.cancel(false);
      }
      if (session != null && !session.ended) {
        try {
          session.requests.onCompleted();
        } catch (RuntimeException ignored) {
          // Already cancelled: nothing to close.
        }
      }
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private record InFlight(List<Observation> observations, long sentNanos) {}

  /** One Connect stream; sequences restart at 1 with every stream. */
  private final class Session implements ClientResponseObserver<AgentMessage, ControllerMessage> {
    final long startedNanos = System.nanoTime();
    final Map<Long, InFlight> inFlight = new LinkedHashMap<>();
    ClientCallStreamObserver<AgentMessage> requests;
    long nextSequence = 1;
    boolean answered;
    volatile boolean ended;

    @Override
    public void beforeStart(ClientCallStreamObserver<AgentMessage> requestStream) {
      this.requests = requestStream;
      requestStream.setOnReadyHandler(ControllerLink.this::scheduleDrain);
    }

    @Override
    public void onNext(ControllerMessage message) {
      onMessage(this, message);
    }

    @Override
    public void onError(Throwable t) {
      ended = true;
      onEnd(this, Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
      ended = true;
      try {
        requests.onCompleted();
      } catch (RuntimeException ignored) {
        // Already half-closed.
      }
      onEnd(this, Status.UNAVAILABLE.withDescription("stream completed by controller"));
    }

    void acknowledge(long sequence) {
      Iterator<Long> it = inFlight.keySet().iterator();
      while (it.hasNext() && it.next() <= sequence) {
        it.remove();
      }
    }

    java.util.Optional<Long> oldestUnacknowledgedNanos() {
      return inFlight.values().stream().findFirst().map(InFlight::sentNanos);
    }

    List<Observation> unacknowledged() {
      List<Observation> all = new ArrayList<>();
      inFlight.values().forEach(f -> all.addAll(f.observations()));
      inFlight.clear();
      return all;
    }
  }
}
