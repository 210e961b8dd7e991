package dev.vigil.dnsnode.ops;

import dev.vigil.dnsnode.store.AnswerStore;
import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.sync.FeedSync;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Readiness and staleness of this node, read on demand by /health and the metrics gauges. */
public final class NodeStatus {

    private final AnswerStore store;
    private final FeedSync sync;
    private final Clock clock;
    private final Instant startedAt;

    public NodeStatus(AnswerStore store, FeedSync sync, Clock clock) {
        this.store = store;
        this.sync = sync;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** Ready once a state has been loaded from disk or applied from a controller. */
    public boolean ready() {
        return store.hasState();
    }

    public AnswerTable table() {
        return store.get();
    }

    /** Seconds since any controller was last known reachable (0 while one is connected; since start if never). */
    public double stalenessSeconds() {
        Instant contact = sync.lastContact();
        return seconds(contact == null ? startedAt : contact);
    }

    /** Seconds since a controller produced the served state (controller clock), or -1 with no state. */
    public double producedAgeSeconds() {
        long producedAt = store.get().state().producedAtUnixMs();
        return producedAt <= 0 ? -1 : Math.max(0, clock.millis() - producedAt) / 1000.0;
    }

    public int connectedControllers() {
        return sync.connectedCount();
    }

    public List<FeedSync.ControllerStatus> controllers() {
        return sync.status();
    }

    private double seconds(Instant since) {
        return Math.max(0, Duration.between(since, clock.instant()).toMillis()) / 1000.0;
    }
}
