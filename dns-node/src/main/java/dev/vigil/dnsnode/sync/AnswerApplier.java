package dev.vigil.dnsnode.sync;

import dev.vigil.dnsnode.store.AnswerStore;
import dev.vigil.dnsnode.store.FeedCodec;
import dev.vigil.dnsnode.store.Version;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the served answers: every controller link offers its updates here, one at a time,
 * and only updates {@link UpdatePolicy} accepts reach the {@link AnswerStore}.
 */
public final class AnswerApplier {

    private static final Logger log = LoggerFactory.getLogger(AnswerApplier.class);

    private final AnswerStore store;
    private final java.time.Clock clock;
    private volatile long appliedAtUnixMs;

    public AnswerApplier(AnswerStore store) {
        this(store, java.time.Clock.systemUTC());
    }

    public AnswerApplier(AnswerStore store, java.time.Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** When the served version was applied (node clock; 0 before any update in this process). */
    public long appliedAtUnixMs() {
        return appliedAtUnixMs;
    }

    public Version applied() {
        return store.get().version();
    }

    public synchronized UpdatePolicy.Decision offer(AnswerUpdate update, String controller) {
        UpdatePolicy.Decision decision = UpdatePolicy.decide(applied(), update);
        FeedCodec.Decoded decoded = switch (decision) {
            case APPLY_FULL -> FeedCodec.fromSnapshot(update);
            case APPLY_CHANGE -> FeedCodec.applyChange(store.get().state(), update);
            default -> null;
        };
        if (decoded != null) {
            if (!decoded.skipped().isEmpty()) {
                log.warn("event=update.skipped-rrsets version={} controller={} skipped={}",
                        decoded.state().version(), controller, decoded.skipped());
            }
            store.install(decoded.state(), decision == UpdatePolicy.Decision.APPLY_CHANGE ? update : null);
            appliedAtUnixMs = clock.millis();
            log.info("event=version.applied version={} full={} zones={} controller={}",
                    decoded.state().version(), update.getFull(), decoded.state().zones().size(), controller);
        }
        return decision;
    }
}
