// Bench helper: a stand-in controller that serves the AnswerFeed on 127.0.0.1:PORT, sends a dns-node the full
// zone (from a zone file) at version 2, then one change every PERIOD_MS for SECONDS seconds (host42's A record
// changes value each time), so a benchmark can measure query latency while versions are being applied.
// Usage: java -cp 'dns-node/target/vigil-dns-node.jar:dns-node/target/lib/*' bench/DnsNodeFeedPusher.java \
//          ZONEFILE ORIGIN PORT PERIOD_MS SECONDS [SWITCH_FILE]
// With SWITCH_FILE, a change is pushed only while that file exists (so a script can alternate quiet and pushing
// phases against one running node).
import com.google.protobuf.ByteString;
import dev.vigil.dnsnode.store.AnswerState;
import dev.vigil.dnsnode.store.FeedCodec;
import dev.vigil.dnsnode.store.RRsetKey;
import dev.vigil.dnsnode.store.Version;
import dev.vigil.dnsnode.store.ZoneData;
import dev.vigil.proto.feed.v1.Ack;
import dev.vigil.proto.feed.v1.AckReply;
import dev.vigil.proto.feed.v1.AnswerFeedGrpc;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.RRset;
import dev.vigil.proto.feed.v1.SubscribeRequest;
import dev.vigil.proto.feed.v1.ZoneUpdate;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

public class DnsNodeFeedPusher {
    public static void main(String[] args) throws Exception {
        Name origin = Name.fromString(args[1], Name.root);
        int port = Integer.parseInt(args[2]);
        long period = Long.parseLong(args[3]);
        long seconds = Long.parseLong(args[4]);
        java.nio.file.Path pushSwitch = args.length > 5 ? java.nio.file.Path.of(args[5]) : null;
        Map<RRsetKey, List<Record>> rrsets = new HashMap<>();
        try (Master master = new Master(args[0], origin)) {
            for (Record r; (r = master.nextRecord()) != null; ) {
                rrsets.computeIfAbsent(new RRsetKey(r.getName(), r.getType()), k -> new ArrayList<>()).add(r);
            }
        }
        AnswerUpdate full = FeedCodec.toSnapshot(new AnswerState(new Version(1, 2), System.currentTimeMillis(),
                Map.of(origin, new ZoneData(origin, rrsets))));
        AtomicReference<StreamObserver<AnswerUpdate>> stream = new AtomicReference<>();
        AtomicLong acked = new AtomicLong();
        Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port))
                .maxInboundMessageSize(256 << 20)
                .addService(new AnswerFeedGrpc.AnswerFeedImplBase() {
                    @Override
                    public void subscribe(SubscribeRequest request, StreamObserver<AnswerUpdate> observer) {
                        observer.onNext(full);
                        stream.set(observer);
                    }

                    @Override
                    public void acknowledge(Ack ack, StreamObserver<AckReply> observer) {
                        acked.set(ack.getApplied().getIndex());
                        observer.onNext(AckReply.getDefaultInstance());
                        observer.onCompleted();
                    }
                }).build().start();
        System.err.println("feed on 127.0.0.1:" + port + ", waiting for a node");
        while (stream.get() == null || acked.get() < 2) {
            Thread.sleep(20);
        }
        long index = 2;
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            Thread.sleep(period);
            if (pushSwitch != null && !java.nio.file.Files.exists(pushSwitch)) {
                continue;
            }
            long next = index + 1;
            byte[] a = {(byte) 203, 0, 113, (byte) (next & 0xFF)};
            AnswerUpdate change = AnswerUpdate.newBuilder()
                    .setVersion(dev.vigil.proto.feed.v1.Version.newBuilder().setTerm(1).setIndex(next))
                    .setBase(dev.vigil.proto.feed.v1.Version.newBuilder().setTerm(1).setIndex(index))
                    .setProducedAtUnixMs(System.currentTimeMillis())
                    .addZones(ZoneUpdate.newBuilder().setOrigin(origin.toString()).addUpserts(RRset.newBuilder()
                            .setName("host42." + origin).setType(1).setTtl(300).addRdata(ByteString.copyFrom(a))))
                    .build();
            stream.get().onNext(change);
            index = next;
        }
        Thread.sleep(500);
        System.out.println("pushed_changes=" + (index - 2) + " last_acked=" + acked.get());
        server.shutdownNow();
    }
}
