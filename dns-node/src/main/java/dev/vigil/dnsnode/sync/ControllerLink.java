package dev.vigil.dnsnode.sync;

import dev.vigil.dnsnode.store.FeedCodec;
import dev.vigil.proto.feed.v1.Ack;
import dev.vigil.proto.feed.v1.AckReply;
import dev.vigil.proto.feed.v1.AnswerFeedGrpc;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.SubscribeRequest;
import io.github.resilience4j.core.IntervalFunction;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription to one controller, kept alive forever: a lost stream is re-opened with exponential random
 * backoff, a change this node cannot apply triggers an immediate re-subscribe (which yields a full snapshot).
 */
final class ControllerLink {

    private static final Logger log = LoggerFactory.getLogger(ControllerLink.class);
    /** Full snapshots carry every zone: allow far more than gRPC's 4 MiB default. */
    private static final int MAX_UPDATE_BYTES = 256 * 1024 * 1024;
    private static final int ACK_DEADLINE_SECONDS = 5;

    private final String address;
    private final String nodeId;
    private final AnswerApplier applier;
    private final ScheduledExecutorService scheduler;
    private final IntervalFunction backoff;
    private final Clock clock;
    private final ManagedChannel channel;
    private final AnswerFeedGrpc.AnswerFeedStub stub;

    private Stream current;          // guarded by this
    private int failures;            // guarded by this; consecutive attempts without a message
    private boolean closed;          // guarded by this
    private volatile boolean connected;
    private volatile boolean warnedOlder;
    private boolean warnedUnreachable; // guarded by this; once per outage, not once per retry
    private volatile Instant lastContact;

    ControllerLink(InetSocketAddress controller, String nodeId, AnswerApplier applier,
                   ScheduledExecutorService scheduler, IntervalFunction backoff, Clock clock) {
        this.address = controller.getHostString() + ":" + controller.getPort();
        this.nodeId = nodeId;
        this.applier = applier;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.clock = clock;
        this.channel = NettyChannelBuilder.forAddress(controller.getHostString(), controller.getPort())
                .usePlaintext()
                .maxInboundMessageSize(MAX_UPDATE_BYTES)
                .build();
        this.stub = AnswerFeedGrpc.newStub(channel);
    }

    String address() {
        return address;
    }

    /** True while a subscription is open on a ready connection (the controller may simply have nothing new). */
    boolean connected() {
        return connected && channel.getState(false) == ConnectivityState.READY;
    }

    /** When this controller was last known to be reachable, or null if never. */
    Instant lastContact() {
        return connected() ? clock.instant() : lastContact;
    }

    synchronized void start() {
        subscribe();
        watchChannel(channel.getState(false));
    }

    synchronized void close() {
        closed = true;
        Stream stream = current;
        current = null;
        if (stream != null) {
            stream.cancel("dns-node shutting down");
        }
        channel.shutdownNow();
    }

    private synchronized void subscribe() {
        if (closed) {
            return;
        }
        Stream stream = new Stream();
        current = stream;
        SubscribeRequest request = SubscribeRequest.newBuilder()
                .setNodeId(nodeId)
                .setHave(FeedCodec.toProto(applier.applied()))
                .build();
        stub.subscribe(request, stream);
    }

    /** The channel reaching READY while our stream is open is the only sign of life an in-sync controller gives. */
    private void watchChannel(ConnectivityState previous) {
        ConnectivityState now = channel.getState(false);
        if (now == ConnectivityState.SHUTDOWN) {
            return;
        }
        if (now == ConnectivityState.READY && previous != ConnectivityState.READY) {
            synchronized (this) {
                if (current != null) {
                    markConnected();
                }
            }
        }
        channel.notifyWhenStateChanged(now, () -> watchChannel(now));
    }

    private void markConnected() {
        lastContact = clock.instant();
        if (!connected) {
            connected = true;
            warnedUnreachable = false;
            log.info("event=controller.connected controller={} have={}", address, applier.applied());
        }
    }

    private synchronized void received(Stream stream, AnswerUpdate update) {
        if (stream != current) {
            return;
        }
        markConnected();
        UpdatePolicy.Decision decision = applier.offer(update, address);
        acknowledge();
        switch (decision) {
            case BASE_MISMATCH -> {
                failures++;
                log.info("event=feed.resync controller={} have={} base={} offered={}", address, applier.applied(),
                        FeedCodec.version(update.getBase()), FeedCodec.version(update.getVersion()));
                current = null;
                stream.cancel("resubscribing for a full snapshot");
                schedule(failures == 1 ? 0 : backoff.apply(failures - 1));
            }
            case OLDER -> {
                failures = 0;
                if (!warnedOlder) {
                    warnedOlder = true;
                    log.warn("event=feed.older-version controller={} offered={} applied={} action=keep-serving "
                                    + "(controller state is behind this node, e.g. a wiped controller cluster)",
                            address, FeedCodec.version(update.getVersion()), applier.applied());
                }
            }
            default -> {
                failures = 0;
                warnedOlder = false;
            }
        }
    }

    /**
     * Tells this controller which version the node serves, once it is durable (the controllers count the node
     * INSYNC from it). Fire and forget; the next ack repairs a lost one.
     */
    private void acknowledge() {
        applier.whenDurable(this::acknowledge);
    }

    private void acknowledge(AnswerApplier.Served served) {
        Ack ack = Ack.newBuilder().setNodeId(nodeId).setApplied(FeedCodec.toProto(served.version()))
                .setAppliedAtUnixMs(served.atUnixMs()).build();
        stub.withDeadlineAfter(ACK_DEADLINE_SECONDS, TimeUnit.SECONDS).acknowledge(ack, new StreamObserver<>() {
            @Override
            public void onNext(AckReply reply) {}

            @Override
            public void onError(Throwable error) {
                log.debug("event=ack.failed controller={} error=\"{}\"", address, error.toString());
            }

            @Override
            public void onCompleted() {}
        });
    }

    private synchronized void ended(Stream stream, Throwable error) {
        if (stream != current || closed) {
            return;
        }
        current = null;
        lastContact = connected ? clock.instant() : lastContact;
        if (connected) {
            connected = false;
            log.info("event=controller.disconnected controller={} reason=\"{}\"", address,
                    error == null ? "stream completed" : error.getMessage());
        } else if (!warnedUnreachable) {
            warnedUnreachable = true;
            log.warn("event=controller.unreachable controller={} reason=\"{}\" action=retrying-with-backoff", address,
                    error == null ? "stream completed" : error.getMessage());
        }
        failures++;
        schedule(backoff.apply(failures));
    }

    private void schedule(long delayMillis) {
        try {
            scheduler.schedule(this::subscribe, delayMillis, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            log.debug("event=controller.reconnect-skipped controller={} reason=shutdown", address);
        }
    }

    /** One Subscribe call. Events from a stream that is no longer current are ignored. */
    private final class Stream implements ClientResponseObserver<SubscribeRequest, AnswerUpdate> {
        private ClientCallStreamObserver<SubscribeRequest> call;

        @Override
        public void beforeStart(ClientCallStreamObserver<SubscribeRequest> call) {
            this.call = call;
        }

        void cancel(String why) {
            if (call != null) {
                call.cancel(why, null);
            }
        }

        @Override
        public void onNext(AnswerUpdate update) {
            received(this, update);
        }

        @Override
        public void onError(Throwable error) {
            ended(this, error);
        }

        @Override
        public void onCompleted() {
            ended(this, null);
        }
    }
}
