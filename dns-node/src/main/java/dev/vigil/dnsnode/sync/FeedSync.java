package dev.vigil.dnsnode.sync;

import io.github.resilience4j.core.IntervalFunction;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Subscriptions to every configured controller; any of them may advance the served version. */
public final class FeedSync implements AutoCloseable {

    /** Reconnect backoff: 200 ms, doubling, ±50 % jitter, at most 5 s. */
    public static final IntervalFunction DEFAULT_BACKOFF =
            IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(200), 2.0, 0.5, Duration.ofSeconds(5));

    /** Connection status of one controller, for health reporting. */
    public record ControllerStatus(String address, boolean connected, Instant lastContact) {}

    private final List<ControllerLink> links;
    private final ScheduledExecutorService scheduler;
    private final AnswerApplier applier;

    public FeedSync(List<InetSocketAddress> controllers, String nodeId, AnswerApplier applier, Clock clock) {
        this(controllers, nodeId, applier, clock, DEFAULT_BACKOFF);
    }

    public FeedSync(List<InetSocketAddress> controllers, String nodeId, AnswerApplier applier, Clock clock,
                    IntervalFunction backoff) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "vigil-feed-reconnect");
            t.setDaemon(true);
            return t;
        });
        this.applier = applier;
        this.links = controllers.stream()
                .map(c -> new ControllerLink(c, nodeId, applier, scheduler, backoff, clock))
                .toList();
    }

    public void start() {
        links.forEach(ControllerLink::start);
    }

    public int connectedCount() {
        return (int) links.stream().filter(ControllerLink::connected).count();
    }

    /** The latest moment any controller was known reachable (now, if one is connected), or null if never. */
    public Instant lastContact() {
        Instant latest = null;
        for (ControllerLink link : links) {
            Instant contact = link.lastContact();
            if (contact != null && (latest == null || contact.isAfter(latest))) {
                latest = contact;
            }
        }
        return latest;
    }

    public List<ControllerStatus> status() {
        return links.stream().map(l -> new ControllerStatus(l.address(), l.connected(), l.lastContact())).toList();
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        links.forEach(ControllerLink::close);
        applier.close();
    }
}
