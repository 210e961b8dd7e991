package dev.vigil.agent.link;

import dev.vigil.proto.agent.v1.AgentLinkGrpc;
import dev.vigil.proto.agent.v1.AgentMessage;
import dev.vigil.proto.agent.v1.Assignment;
import dev.vigil.proto.agent.v1.ControllerMessage;
import dev.vigil.proto.agent.v1.Hello;
import dev.vigil.proto.agent.v1.ObservationAck;
import dev.vigil.proto.agent.v1.ObservationBatch;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** A controller for tests: checks Hello comes first, sends the full assignment, acks every batch, records all. */
public final class FakeController implements AutoCloseable {

  public final BlockingQueue<Hello> hellos = new LinkedBlockingQueue<>();
  public final BlockingQueue<ObservationBatch> batches = new LinkedBlockingQueue<>();
  public final BlockingQueue<Long> assignmentAcks = new LinkedBlockingQueue<>();
  public final BlockingQueue<dev.vigil.proto.agent.v1.AgentHealth> healths = new LinkedBlockingQueue<>();
  public final List<String> protocolErrors = new CopyOnWriteArrayList<>();
  private final List<StreamObserver<ControllerMessage>> streams = new CopyOnWriteArrayList<>();
  private final AtomicReference<Assignment> full;
  private Server server;
  private int port;
  private volatile boolean ackBatches = true;

  public FakeController(Assignment full) {
    this.full = new AtomicReference<>(full);
  }

  /** Starts on 127.0.0.1 and the given port (0 = any free port). */
  public FakeController start(int wantedPort) throws IOException {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", wantedPort))
        .addService(new Service())
        .build()
        .start();
    port = server.getPort();
    return this;
  }

  public int port() {
    return port;
  }

  /** When false, batches are recorded but never acknowledged (a controller that dies before taking them in). */
  public FakeController ackBatches(boolean ack) {
    this.ackBatches = ack;
    return this;
  }

  public void setFull(Assignment assignment) {
    full.set(assignment);
  }

  /** Sends a message to every open stream. */
  public void broadcast(Assignment assignment) {
    for (StreamObserver<ControllerMessage> s : streams) {
      synchronized (s) {
        s.onNext(ControllerMessage.newBuilder().setAssignment(assignment).build());
      }
    }
  }

  /** Asks every connected agent to probe these checks now (a confirm probe request). */
  public void probeNow(List<String> checkIds) {
    for (StreamObserver<ControllerMessage> s : streams) {
      synchronized (s) {
        s.onNext(ControllerMessage.newBuilder()
            .setProbeNow(dev.vigil.proto.agent.v1.ProbeNow.newBuilder().addAllCheckIds(checkIds)).build());
      }
    }
  }

  /** Stops abruptly, as a crashed controller would. */
  public void stop() throws InterruptedException {
    server.shutdownNow();
    server.awaitTermination(5, TimeUnit.SECONDS);
    streams.clear();
  }

  @Override
  public void close() throws InterruptedException {
    if (server != null && !server.isTerminated()) {
      stop();
    }
  }

  private final class Service extends AgentLinkGrpc.AgentLinkImplBase {
    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<ControllerMessage> responses) {
      return new StreamObserver<>() {
        boolean greeted;

        @Override
        public void onNext(AgentMessage message) {
          if (!greeted) {
            if (!message.hasHello()) {
              protocolErrors.add("first message was " + message.getKindCase());
              responses.onError(Status.INVALID_ARGUMENT.withDescription("Hello first").asRuntimeException());
              return;
            }
            greeted = true;
            hellos.add(message.getHello());
            streams.add(responses);
            synchronized (responses) {
              responses.onNext(ControllerMessage.newBuilder().setAssignment(full.get()).build());
            }
            return;
          }
          if (message.hasObservations()) {
            batches.add(message.getObservations());
            if (!ackBatches) {
              return;
            }
            synchronized (responses) {
              responses.onNext(ControllerMessage.newBuilder().setObservationAck(
                  ObservationAck.newBuilder().setSequence(message.getObservations().getSequence())).build());
            }
          } else if (message.hasAgentHealth()) {
            healths.add(message.getAgentHealth());
          } else if (message.hasAssignmentAck()) {
            assignmentAcks.add(message.getAssignmentAck().getVersion());
          } else {
            protocolErrors.add("unexpected " + message.getKindCase());
          }
        }

        @Override
        public void onError(Throwable t) {
          streams.remove(responses);
        }

        @Override
        public void onCompleted() {
          streams.remove(responses);
          responses.onCompleted();
        }
      };
    }
  }
}
