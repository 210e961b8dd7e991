package dev.vigil.dnsnode.sync;

import dev.vigil.dnsnode.store.AnswerStore;
import dev.vigil.dnsnode.store.FeedCodec;
import dev.vigil.dnsnode.store.Version;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of the served answers: every controller link offers its updates here, one at a time,
 * and only updates {@link UpdatePolicy} accepts reach the {@link AnswerStore}. A version is served as soon as it
 * is written; the acknowledgements to the controllers wait until it is durable ({@link #whenDurable}).
 */
public final class AnswerApplier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AnswerApplier.class);

    /** A served version and when it was swapped in (node clock; 0 when it was loaded from disk). */
    public record Served(Version version, long atUnixMs) {}

    private final AnswerStore store;
    private final Clock clock;
    private volatile long appliedAtUnixMs;
    private volatile Served served; // null until this process installs a version
    /** Syncs the change log and then acknowledges, in order, off the feed threads (one sync serves a batch). */
    private final ExecutorService durability =
            Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "answers-sync");
                t.setDaemon(true);
                return t;
            });

    public AnswerApplier(AnswerStore store) {
        this(store, Clock.systemUTC());
    }

    public AnswerApplier(AnswerStore store, Clock clock) {
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

    /**
     * Runs {@code ack} with the version served now once it is durable: after an fdatasync of the change log that
     * covers it, on the sync thread. Calls made while a sync runs are covered by the next one (group commit), and
     * {@code ack}s run in call order, so the versions they report never go back.
     */
    public void whenDurable(Consumer<Served> ack) {
        try {
            durability.execute(() -> {
                Served now = served != null ? served : new Served(applied(), appliedAtUnixMs);
                store.sync();
                ack.accept(now);
            });
        } catch (RejectedExecutionException closing) {
            // the node is stopping: nobody is left to acknowledge to
        }
    }

    public synchronized UpdatePolicy.Decision offer(AnswerUpdate update, String controller) {
        long t0 = System.nanoTime();
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
            long decodedAt = System.nanoTime();
            AnswerStore.Installed installed =
                    store.install(decoded.state(), decision == UpdatePolicy.Decision.APPLY_CHANGE ? update : null);
            appliedAtUnixMs = clock.millis();
            served = new Served(decoded.state().version(), appliedAtUnixMs);
            log.info("event=version.applied version={} full={} zones={} controller={} decode_us={} compile_us={} "
                            + "persist_us={}", decoded.state().version(), update.getFull(), decoded.state().zones().size(),
                    controller, (decodedAt - t0) / 1_000, installed.compileNanos() / 1_000,
                    installed.persistNanos() / 1_000);
        }
        return decision;
    }

    /** Stops the sync thread once the syncs already asked for are done (their acks go to closed links: dropped). */
    @Override
    public void close() {
        durability.shutdown();
        try {
            durability.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
