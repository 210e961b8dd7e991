package dev.vigil.controller.publish;

import dev.vigil.controller.answers.AnswerDiff;
import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.cluster.AnswerVersion;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import java.time.Clock;

/**
 * Builds the feed's updates, and keeps the last change so that every node on the same base gets the same
 * encoded message instead of a diff and an encoding each. The same index means the same answers on every
 * controller, so (base index, version index) names a change.
 */
final class FeedUpdates {

  private record Key(long baseIndex, long versionIndex) {}

  private final Clock clock;
  private Key lastKey; // guarded by this
  private AnswerUpdate lastChange; // guarded by this

  FeedUpdates(Clock clock) {
    this.clock = clock;
  }

  AnswerUpdate full(AnswerSet answers, AnswerVersion version) {
    return FeedCodec.full(answers, version, clock.instant());
  }

  synchronized AnswerUpdate change(AnswerSet base, AnswerVersion baseVersion, AnswerSet answers,
      AnswerVersion version) {
    Key key = new Key(baseVersion.index(), version.index());
    if (!key.equals(lastKey)) {
      lastChange = FeedCodec.change(AnswerDiff.between(base, answers), baseVersion, version, clock.instant());
      lastKey = key;
    }
    return lastChange;
  }
}
