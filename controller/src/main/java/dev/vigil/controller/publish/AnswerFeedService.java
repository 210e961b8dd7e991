package dev.vigil.controller.publish;

import dev.vigil.controller.cluster.AnswerVersion;
import dev.vigil.controller.cluster.DecisionLatency;
import dev.vigil.controller.cluster.ReplicatedState;
import dev.vigil.proto.feed.v1.Ack;
import dev.vigil.proto.feed.v1.AckReply;
import dev.vigil.proto.feed.v1.AnswerFeedGrpc;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.SubscribeRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The dns-nodes' feed of answers (vigil.feed.v1.AnswerFeed). */
public final class AnswerFeedService extends AnswerFeedGrpc.AnswerFeedImplBase {

  private static final Logger log = LoggerFactory.getLogger(AnswerFeedService.class);

  private final ReplicatedState state;
  private final Clock clock;
  private final Executor executor;
  private final Set<FeedSubscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final NodeAcks acks;
  private final DecisionLatency latency;
  private final FeedUpdates updates;

  /** @param executor runs full snapshots off the state-applying thread */
  public AnswerFeedService(ReplicatedState state, Clock clock, Executor executor, MeterRegistry registry) {
    this(state, clock, executor, registry, new NodeAcks());
  }

  /** @param acks where the dns-nodes' acknowledgements are recorded (read by /v1/state) */
  public AnswerFeedService(ReplicatedState state, Clock clock, Executor executor, MeterRegistry registry, NodeAcks acks) {
    this(state, clock, executor, registry, acks, DecisionLatency.none());
  }

  /** @param latency told when answers are sent and when nodes acknowledge them (local metrics only) */
  public AnswerFeedService(ReplicatedState state, Clock clock, Executor executor, MeterRegistry registry, NodeAcks acks,
      DecisionLatency latency) {
    this.acks = acks;
    this.state = state;
    this.clock = clock;
    this.executor = executor;
    this.latency = latency;
    this.updates = new FeedUpdates(clock);
    registry.gaugeCollectionSize("vigil.controller.feed.subscribers", Tags.empty(), subscriptions);
    // A change goes out from the applying thread itself: no hand-off to wait for a thread under load. The
    // change is computed once for every node on the same base, and sending only queues it on the stream. A
    // node that needs a full snapshot is served from the executor, so that the apply thread never encodes one.
    state.addListener(next -> {
      latency.feedStarted(next.answersVersion().index());
      subscriptions.forEach(s -> {
        if (!s.pumpChange()) {
          executor.execute(s::pump);
        }
      });
    });
  }

  @Override
  public void subscribe(SubscribeRequest request, StreamObserver<AnswerUpdate> responseObserver) {
    var out = (ServerCallStreamObserver<AnswerUpdate>) responseObserver;
    String nodeId = request.getNodeId().isBlank() ? "(unnamed)" : request.getNodeId();
    AnswerVersion have = new AnswerVersion(request.getHave().getTerm(), request.getHave().getIndex());
    FeedSubscription[] self = new FeedSubscription[1];
    FeedSubscription subscription = new FeedSubscription(out, state::current, updates, latency, nodeId, have, () -> {
      subscriptions.remove(self[0]);
      log.info("event=feed.unsubscribed node={}", nodeId);
    });
    self[0] = subscription;
    out.setOnCancelHandler(subscription::close);
    out.setOnReadyHandler(subscription::pump);
    subscriptions.add(subscription);
    log.info("event=feed.subscribed node={} have={}:{}", nodeId, have.term(), have.index());
    executor.execute(subscription::pump);
  }

  @Override
  public void acknowledge(Ack request, StreamObserver<AckReply> responseObserver) {
    if (request.getNodeId().isBlank()) {
      responseObserver.onError(Status.INVALID_ARGUMENT.withDescription("node_id is required").asRuntimeException());
      return;
    }
    AnswerVersion applied = new AnswerVersion(request.getApplied().getTerm(), request.getApplied().getIndex());
    acks.record(new NodeAcks.NodeAck(request.getNodeId(), applied,
        Instant.ofEpochMilli(request.getAppliedAtUnixMs()), clock.instant()));
    latency.served(request.getNodeId(), applied.index(), request.getAppliedAtUnixMs());
    log.debug("event=feed.ack node={} applied={}:{}", request.getNodeId(), applied.term(), applied.index());
    responseObserver.onNext(AckReply.getDefaultInstance());
    responseObserver.onCompleted();
  }

  public NodeAcks acks() {
    return acks;
  }

  public int subscribers() {
    return subscriptions.size();
  }
}
