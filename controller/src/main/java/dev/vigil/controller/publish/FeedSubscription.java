package dev.vigil.controller.publish;

import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.cluster.AnswerVersion;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.cluster.DecisionLatency;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dns-node's feed. Sends at most one update at a time, only when the stream is ready, always
 * from the latest state: a node that falls behind skips the versions in between (coalescing), and
 * versions strictly increase on the stream.
 */
final class FeedSubscription {

  private static final Logger log = LoggerFactory.getLogger(FeedSubscription.class);

  private final ServerCallStreamObserver<AnswerUpdate> out;
  private final Supplier<ControllerState> state;
  private final FeedUpdates updates;
  private final DecisionLatency latency;
  private final String nodeId;
  private final Runnable onClose;

  /** What the node has: the version (0 = nothing), and its answers when known. */
  private AnswerVersion sentVersion; // guarded by this
  private AnswerSet sentAnswers; // guarded by this; null = unknown to us, send a full snapshot
  private boolean closed; // guarded by this

  FeedSubscription(
      ServerCallStreamObserver<AnswerUpdate> out,
      Supplier<ControllerState> state,
      FeedUpdates updates,
      DecisionLatency latency,
      String nodeId,
      AnswerVersion have,
      Runnable onClose) {
    this.out = out;
    this.state = state;
    this.updates = updates;
    this.latency = latency;
    this.nodeId = nodeId;
    this.onClose = onClose;
    ControllerState current = state.get();
    this.sentVersion = have;
    // The same index means the same answers on every controller.
    this.sentAnswers = have.index() != 0 && have.index() == current.answersVersion().index() ? current.answers() : null;
  }

  /** Sends the latest answers if the node lacks them and the stream can take them. Never blocks. */
  synchronized void pump() {
    send(true);
  }

  /**
   * Like {@link #pump}, but only a change on top of what the node has (cheap: the applying thread calls it).
   *
   * @return false when the node needs a full snapshot instead; call {@link #pump} elsewhere
   */
  synchronized boolean pumpChange() {
    return send(false);
  }

  private boolean send(boolean fullAllowed) {
    if (closed || !out.isReady()) {
      return true; // the stream's onReady handler pumps again
    }
    ControllerState current = state.get();
    AnswerVersion version = current.answersVersion();
    // Nothing newer than what the node has (a node ahead of a lagging controller waits for it).
    if (version.index() == 0 || version.index() <= sentVersion.index()) {
      return true;
    }
    if (sentAnswers == null && !fullAllowed) {
      return false;
    }
    AnswerUpdate update = sentAnswers == null
        ? updates.full(current.answers(), version)
        : updates.change(sentAnswers, sentVersion, current.answers(), version);
    try {
      out.onNext(update);
    } catch (RuntimeException e) {
      log.debug("event=feed.send_failed node={} error=\"{}\"", nodeId, e.toString());
      close();
      return true;
    }
    latency.sent(nodeId, version.index());
    log.debug("event=feed.sent node={} version={} full={}", nodeId, version.index(), update.getFull());
    sentVersion = version;
    sentAnswers = current.answers();
    return true;
  }

  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    onClose.run();
  }

  synchronized AnswerVersion sentVersion() {
    return sentVersion;
  }
}
