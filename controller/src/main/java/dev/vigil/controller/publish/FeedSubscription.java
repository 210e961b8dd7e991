package dev.vigil.controller.publish;

import dev.vigil.controller.answers.AnswerDiff;
import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.cluster.AnswerVersion;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import io.grpc.stub.ServerCallStreamObserver;
import java.time.Clock;
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
  private final Clock clock;
  private final String nodeId;
  private final Runnable onClose;

  /** What the node has: the version (0 = nothing), and its answers when known. */
  private AnswerVersion sentVersion; // guarded by this
  private AnswerSet sentAnswers; // guarded by this; null = unknown to us, send a full snapshot
  private boolean closed; // guarded by this

  FeedSubscription(
      ServerCallStreamObserver<AnswerUpdate> out,
      Supplier<ControllerState> state,
      Clock clock,
      String nodeId,
      AnswerVersion have,
      Runnable onClose) {
    this.out = out;
    this.state = state;
    this.clock = clock;
    this.nodeId = nodeId;
    this.onClose = onClose;
    ControllerState current = state.get();
    this.sentVersion = have;
    // The same index means the same answers on every controller.
    this.sentAnswers = have.index() != 0 && have.index() == current.answersVersion().index() ? current.answers() : null;
  }

  /** Sends the latest answers if the node lacks them and the stream can take them. Never blocks. */
  synchronized void pump() {
    if (closed || !out.isReady()) {
      return;
    }
    ControllerState current = state.get();
    AnswerVersion version = current.answersVersion();
    // Nothing newer than what the node has (a node ahead of a lagging controller waits for it).
    if (version.index() == 0 || version.index() <= sentVersion.index()) {
      return;
    }
    AnswerUpdate update = sentAnswers == null
        ? FeedCodec.full(current.answers(), version, clock.instant())
        : FeedCodec.change(AnswerDiff.between(sentAnswers, current.answers()), sentVersion, version, clock.instant());
    try {
      out.onNext(update);
    } catch (RuntimeException e) {
      log.debug("event=feed.send_failed node={} error=\"{}\"", nodeId, e.toString());
      close();
      return;
    }
    log.debug("event=feed.sent node={} version={} full={}", nodeId, version.index(), update.getFull());
    sentVersion = version;
    sentAnswers = current.answers();
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
