package dev.vigil.controller.ingest;

import dev.vigil.controller.cluster.ReplicatedState;
import dev.vigil.controller.monitor.HealthMonitor;
import dev.vigil.proto.agent.v1.AgentLinkGrpc;
import dev.vigil.proto.agent.v1.AgentMessage;
import dev.vigil.proto.agent.v1.ControllerMessage;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.Executor;

/** The agents' stream: assignments out, observations in (vigil.agent.v1.AgentLink). */
public final class AgentLinkService extends AgentLinkGrpc.AgentLinkImplBase {

  private final ReplicatedState state;
  private final HealthMonitor monitor;
  private final IngestMetrics metrics;
  private final Executor executor;
  private final ConfirmProbes confirm;

  /** Without confirm probes. */
  public AgentLinkService(ReplicatedState state, HealthMonitor monitor, IngestMetrics metrics, Executor executor) {
    this(state, monitor, metrics, executor, ConfirmProbes.off(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
  }

  /**
   * @param executor runs assignment updates off the state-applying thread
   * @param confirm asks agents for confirm probes when results disagree with the decided health
   */
  public AgentLinkService(ReplicatedState state, HealthMonitor monitor, IngestMetrics metrics, Executor executor,
      ConfirmProbes confirm) {
    this.confirm = confirm;
    this.state = state;
    this.monitor = monitor;
    this.metrics = metrics;
    this.executor = executor;
  }

  @Override
  public StreamObserver<AgentMessage> connect(StreamObserver<ControllerMessage> responseObserver) {
    var out = (ServerCallStreamObserver<ControllerMessage>) responseObserver;
    AgentSession session = new AgentSession(out, state, monitor, metrics, executor, confirm);
    out.setOnCancelHandler(session::cancelled);
    return session;
  }
}
