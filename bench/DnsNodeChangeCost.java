// Bench helper: the cost of one change (apply, compile name by name, append to the change log) in one warm JVM.
// Usage: java -cp "dns-node/target/vigil-dns-node.jar:dns-node/target/lib/*" bench/DnsNodeChangeCost.java DATA_DIR
// DATA_DIR holds answers.pb (e.g. from bench/dns-node-start.sh); the changes are appended to its log.
import dev.vigil.dnsnode.store.*;
import dev.vigil.dnsnode.resolve.AnswerPrecompiler;
import dev.vigil.proto.feed.v1.*;
import com.google.protobuf.ByteString;
import java.nio.file.*;

public class DnsNodeChangeCost {
    public static void main(String[] a) throws Exception {
        Path dir = Path.of(a[0]);
        StateFile file = new StateFile(dir);
        AnswerState state = file.load().orElseThrow();
        AnswerTable t = AnswerPrecompiler.compile(state);
        var mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long idx = state.version().index();
        String origin = state.zones().keySet().iterator().next().toString();
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime(), b0 = mx.getCurrentThreadAllocatedBytes();
            long tc = 0, tp = 0;
            for (int i = 0; i < 200; i++) {
                long next = idx + 1;
                byte[] ip = {(byte) 203, 0, 113, (byte) (next & 0xFF)};
                AnswerUpdate change = AnswerUpdate.newBuilder()
                        .setVersion(dev.vigil.proto.feed.v1.Version.newBuilder().setTerm(1).setIndex(next))
                        .setBase(dev.vigil.proto.feed.v1.Version.newBuilder().setTerm(1).setIndex(idx))
                        .addZones(ZoneUpdate.newBuilder().setOrigin(origin).addUpserts(RRset.newBuilder()
                                .setName("host42." + origin).setType(1).setTtl(300).addRdata(ByteString.copyFrom(ip))))
                        .build();
                long c0 = System.nanoTime();
                AnswerState s = FeedCodec.applyChange(t.state(), change).state();
                t = AnswerPrecompiler.compile(s, t);
                long c1 = System.nanoTime();
                file.append(change);
                tp += System.nanoTime() - c1;
                tc += c1 - c0;
                idx = next;
            }
            System.out.printf("per change: total=%.3f ms compile=%.3f ms persist=%.3f ms alloc=%d KB changed=%s%n",
                    (System.nanoTime() - t0) / 200e6, tc / 200e6, tp / 200e6, (mx.getCurrentThreadAllocatedBytes() - b0) / 200 / 1024, t.changedOwners());
        }
    }
}
