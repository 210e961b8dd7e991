package dev.vigil.dnsnode.sync;

import dev.vigil.proto.feed.v1.Ack;
import dev.vigil.proto.feed.v1.AckReply;
import dev.vigil.proto.feed.v1.AnswerFeedGrpc;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.SubscribeRequest;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A real AnswerFeed gRPC server on loopback whose pushes the test scripts by hand. */
public final class FakeController implements AutoCloseable {

    private final BlockingQueue<SubscribeRequest> subscriptions = new LinkedBlockingQueue<>();
    private final BlockingQueue<Ack> acks = new LinkedBlockingQueue<>();
    private volatile ServerCallStreamObserver<AnswerUpdate> stream;
    private final Server server;

    public FakeController(int port) throws IOException {
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .addService(new AnswerFeedGrpc.AnswerFeedImplBase() {
                    @Override
                    public void subscribe(SubscribeRequest request, StreamObserver<AnswerUpdate> observer) {
                        ServerCallStreamObserver<AnswerUpdate> call = (ServerCallStreamObserver<AnswerUpdate>) observer;
                        call.setOnCancelHandler(() -> {});
                        stream = call;
                        subscriptions.add(request);
                    }

                    @Override
                    public void acknowledge(Ack request, StreamObserver<AckReply> observer) {
                        acks.add(request);
                        observer.onNext(AckReply.getDefaultInstance());
                        observer.onCompleted();
                    }
                })
                .build()
                .start();
    }

    public int port() {
        return server.getPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    /** The next Subscribe the node makes (its {@code have} version tells what it has applied). */
    public SubscribeRequest awaitSubscription(Duration timeout) throws InterruptedException {
        SubscribeRequest request = subscriptions.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (request == null) {
            throw new AssertionError("no subscription within " + timeout);
        }
        return request;
    }

    /** The next acknowledgement the node sends. */
    public Ack awaitAck(Duration timeout) throws InterruptedException {
        Ack ack = acks.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (ack == null) {
            throw new AssertionError("no ack within " + timeout);
        }
        return ack;
    }

    /** Pushes on the latest subscription. */
    public void push(AnswerUpdate update) {
        stream.onNext(update);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }
}
