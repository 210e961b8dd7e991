package dev.vigil.controller.ingest;

import dev.vigil.controller.assign.Assignments;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.cluster.ReplicatedState;
import dev.vigil.controller.health.ProbeObservation;
import dev.vigil.controller.monitor.HealthMonitor;
import dev.vigil.proto.agent.v1.AgentHealth;
import dev.vigil.proto.agent.v1.AgentMessage;
import dev.vigil.proto.agent.v1.Assignment;
import dev.vigil.proto.agent.v1.CheckSpec;
import dev.vigil.proto.agent.v1.ControllerMessage;
import dev.vigil.proto.agent.v1.Hello;
import dev.vigil.proto.agent.v1.Observation;
import dev.vigil.proto.agent.v1.ObservationAck;
import dev.vigil.proto.agent.v1.ObservationBatch;
import dev.vigil.proto.agent.v1.ProbeNow;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One agent's stream. gRPC serialises inbound calls; outbound sends are serialised here. */
final class AgentSession implements StreamObserver<AgentMessage>, ConfirmProbes.Agent {

  private static final Logger log = LoggerFactory.getLogger(AgentSession.class);

  private final ServerCallStreamObserver<ControllerMessage> out;
  private final ReplicatedState state;
  private final HealthMonitor monitor;
  private final IngestMetrics metrics;
  private final Executor executor;
  private final ConfirmProbes confirm;

  private Hello hello; // set once, by the inbound thread
  private Runnable unsubscribe = () -> {};
  private Runnable unregister = () -> {}; // guarded by this
  /** Ids of {@link #assigned}, read by other streams' threads (confirm probes). */
  private volatile java.util.Set<String> assignedIds = java.util.Set.of();
  private boolean closed; // guarded by this
  private List<CheckSpec> assigned = List.of(); // guarded by this
  private long assignedConfigIndex = -1; // guarded by this
  private long lastVersionSent; // guarded by this

  AgentSession(
      ServerCallStreamObserver<ControllerMessage> out,
      ReplicatedState state,
      HealthMonitor monitor,
      IngestMetrics metrics,
      Executor executor,
      ConfirmProbes confirm) {
    this.confirm = confirm;
    this.out = out;
    this.state = state;
    this.monitor = monitor;
    this.metrics = metrics;
    this.executor = executor;
  }

  @Override
  public void onNext(AgentMessage message) {
    try {
      if (hello == null) {
        start(message);
        return;
      }
      switch (message.getKindCase()) {
        case OBSERVATIONS -> take(message.getObservations());
        case AGENT_HEALTH -> network(message.getAgentHealth());
        case ASSIGNMENT_ACK -> log.debug("event=link.assignment_acked agent={} version={}",
            hello.getAgentId(), message.getAssignmentAck().getVersion());
        case HELLO -> log.warn("event=link.repeated_hello agent={}", hello.getAgentId());
        case KIND_NOT_SET -> log.debug("event=link.empty_message agent={}", hello.getAgentId());
      }
    } catch (RuntimeException e) {
      // Never let one agent's bad message take anything down: end its stream with a reason.
      log.warn("event=link.failed agent={} error=\"{}\"", hello == null ? "?" : hello.getAgentId(), e.toString());
      fail(Status.INTERNAL.withDescription("controller could not process message: " + e.getMessage()));
    }
  }

  private void start(AgentMessage message) {
    if (!message.hasHello()) {
      fail(Status.INVALID_ARGUMENT.withDescription("first message must be Hello"));
      return;
    }
    Hello h = message.getHello();
    if (h.getAgentId().isBlank()) {
      fail(Status.INVALID_ARGUMENT.withDescription("Hello.agent_id must not be empty"));
      return;
    }
    hello = h;
    metrics.connected();
    log.info("event=link.agent_connected agent={} region={} version=\"{}\"", h.getAgentId(), h.getRegion(), h.getSoftwareVersion());
    unsubscribe = state.addListener(next -> executor.execute(() -> reassign(next)));
    reassign(state.current());
    synchronized (this) {
      if (!closed) { // a stream cancelled meanwhile must not stay registered
        unregister = confirm.register(h.getAgentId(), this);
      }
    }
  }

  private void take(ObservationBatch batch) {
    List<ProbeObservation> observations = batch.getObservationsList().stream().map(this::probe).toList();
    int unknown = monitor.observe(observations);
    metrics.observations(observations.size(), unknown);
    confirm.observed(hello.getAgentId(), batch.getObservationsList());
    send(ControllerMessage.newBuilder()
        .setObservationAck(ObservationAck.newBuilder().setSequence(batch.getSequence()))
        .build());
  }

  private ProbeObservation probe(Observation o) {
    return new ProbeObservation(
        hello.getAgentId(),
        hello.getRegion(),
        o.getCheckId(),
        Instant.ofEpochMilli(o.getObservedAtUnixMs()),
        o.getHealthy(),
        o.getDetail(),
        o.getCertificateNotAfterUnixMs() > 0 ? Instant.ofEpochMilli(o.getCertificateNotAfterUnixMs()) : null);
  }

  private void network(AgentHealth h) {
    monitor.agentNetwork(
        hello.getAgentId(),
        hello.getRegion(),
        h.getNetworkOk(),
        Instant.ofEpochMilli(h.getCheckedAtUnixMs()),
        Duration.ofSeconds(Math.max(1, h.getIntervalSeconds())),
        h.getDetail());
  }

  /** Full assignment first; afterwards only what changed, when the config changed. */
  private synchronized void reassign(ControllerState current) {
    if (closed || current.configIndex() == assignedConfigIndex) {
      return;
    }
    List<CheckSpec> specs = Assignments.forRegion(current.desired(), hello.getRegion());
    long version = Math.max(current.configIndex(), lastVersionSent + 1);
    Assignment assignment;
    if (assignedConfigIndex < 0) {
      assignment = Assignments.full(version, specs);
    } else {
      var change = Assignments.change(version, assigned, specs);
      assignedConfigIndex = current.configIndex();
      if (change.isEmpty()) {
        return;
      }
      assignment = change.get();
    }
    assigned = specs;
    assignedIds = specs.stream().map(CheckSpec::getId).collect(java.util.stream.Collectors.toUnmodifiableSet());
    assignedConfigIndex = current.configIndex();
    lastVersionSent = version;
    send(ControllerMessage.newBuilder().setAssignment(assignment).build());
    log.info("event=link.assigned agent={} version={} full={} checks={}",
        hello.getAgentId(), version, assignment.getFull(), specs.size());
  }

  @Override
  public boolean assigned(String checkId) {
    return assignedIds.contains(checkId);
  }

  /** Asks this agent for confirm probes; never blocks (gRPC buffers the message). */
  @Override
  public void probeNow(List<String> checkIds) {
    send(ControllerMessage.newBuilder().setProbeNow(ProbeNow.newBuilder().addAllCheckIds(checkIds)).build());
  }

  private synchronized void send(ControllerMessage message) {
    if (closed) {
      return;
    }
    try {
      out.onNext(message);
    } catch (RuntimeException e) {
      log.debug("event=link.send_failed error=\"{}\"", e.toString());
      close();
    }
  }

  private synchronized void fail(Status status) {
    if (closed) {
      return;
    }
    try {
      out.onError(status.asRuntimeException());
    } catch (RuntimeException e) {
      log.debug("event=link.close_failed error=\"{}\"", e.toString());
    }
    close();
  }

  @Override
  public void onError(Throwable t) {
    close();
  }

  @Override
  public synchronized void onCompleted() {
    if (!closed) {
      try {
        out.onCompleted();
      } catch (RuntimeException e) {
        log.debug("event=link.complete_failed error=\"{}\"", e.toString());
      }
    }
    close();
  }

  void cancelled() {
    close();
  }

  private synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    unsubscribe.run();
    unregister.run();
    if (hello != null) {
      metrics.disconnected();
      log.info("event=link.agent_disconnected agent={} region={}", hello.getAgentId(), hello.getRegion());
    }
  }
}
