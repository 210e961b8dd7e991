// Bench helper (issue 6): the cost of per-query answers in one warm JVM, no sockets. A zone of STATIC plain A names
// plus SELECTIVE names answered by a geo-style map of MAP_PREFIXES nested IPv4 prefixes (3 variants each).
// Prints: full compile time, the cost of a change flipping one selective name's weights, and ns per query for the
// static fast path, the per-query fast path with ECS and without ECS (source address).
// Usage: java -cp "dns-node/target/vigil-dns-node.jar:dns-node/target/lib/*" bench/DnsNodeSelectiveCost.java \
//          [STATIC=100000] [SELECTIVE=5000] [MAP_PREFIXES=20000]
import com.google.protobuf.ByteString;
import dev.vigil.dnsnode.resolve.AnswerPrecompiler;
import dev.vigil.dnsnode.resolve.SelectiveResolver;
import dev.vigil.dnsnode.resolve.WireResolver;
import dev.vigil.dnsnode.store.AnswerState;
import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.FeedCodec;
import dev.vigil.proto.feed.v1.*;
import dev.vigil.proto.feed.v1.RRset;
import dev.vigil.proto.feed.v1.Version;
import java.net.InetAddress;
import java.util.concurrent.ThreadLocalRandom;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

public class DnsNodeSelectiveCost {
    static final String O = "bench.test.";

    public static void main(String[] a) throws Exception {
        int statics = a.length > 0 ? Integer.parseInt(a[0]) : 100_000;
        int selectives = a.length > 1 ? Integer.parseInt(a[1]) : 5_000;
        int prefixes = a.length > 2 ? Integer.parseInt(a[2]) : 20_000;
        ClientMap.Builder map = ClientMap.newBuilder().setName("geo").addLabels("a").addLabels("b").addLabels("c");
        for (int i = 0; i < prefixes; i++) { // /16s under 10.0.0.0/8 .. and /24s inside them
            int x = i % 256, y = (i / 256) % 256;
            boolean outer = i < 256;
            byte[] addr = outer ? new byte[] {10, (byte) x, 0, 0} : new byte[] {10, (byte) y, (byte) x, 0};
            map.addPrefixes(ClientPrefix.newBuilder().setAddress(ByteString.copyFrom(addr)).setPrefixLength(outer ? 16 : 24).setLabel(i % 3));
        }
        ZoneUpdate.Builder z = ZoneUpdate.newBuilder().setOrigin(O)
                .addUpserts(RRset.newBuilder().setName(O).setType(Type.SOA).setTtl(3600).addRdata(ByteString.copyFrom(
                        new SOARecord(Name.fromString(O), DClass.IN, 3600, Name.fromString("ns1." + O), Name.fromString("h." + O), 1, 3600, 600, 86400, 60).rdataToWireCanonical())));
        for (int i = 0; i < statics; i++) {
            z.addUpserts(RRset.newBuilder().setName("s" + i + "." + O).setType(Type.A).setTtl(300).addRdata(ip(i)));
        }
        for (int i = 0; i < selectives; i++) {
            z.addSelectiveUpserts(selective(i, 1));
        }
        AnswerUpdate full = AnswerUpdate.newBuilder().setFull(true).setVersion(v(1)).addZones(z).addClientMaps(map).build();
        long t0 = System.nanoTime();
        AnswerState state = FeedCodec.fromSnapshot(full).state();
        AnswerTable table = AnswerPrecompiler.compile(state);
        System.out.printf("full compile: %d static + %d selective names, map of %d prefixes: %.0f ms (selective index %d names)%n",
                statics, selectives, prefixes, (System.nanoTime() - t0) / 1e6, table.selective().size());
        for (int round = 0; round < 3; round++) {
            long c0 = System.nanoTime();
            long decode = 0;
            int n = 50;
            for (int i = 0; i < n; i++) {
                long idx = 2 + round * n + i;
                AnswerUpdate change = AnswerUpdate.newBuilder().setVersion(v(idx)).setBase(v(idx - 1))
                        .addZones(ZoneUpdate.newBuilder().setOrigin(O).addSelectiveUpserts(selective(i, 2 + (int) (idx % 5)))).build();
                long d0 = System.nanoTime();
                AnswerState next = FeedCodec.applyChange(table.state(), change).state();
                decode += System.nanoTime() - d0;
                table = AnswerPrecompiler.compile(next, table);
            }
            System.out.printf("change of one selective name's weights: %.3f ms (decode and apply %.3f ms, compile the rest)%n",
                    (System.nanoTime() - c0) / 1e6 / n, decode / 1e6 / n);
        }
        byte[] stat = query("s42." + O, null);
        byte[] statEcs = query("s42." + O, "10.7.9.0");
        byte[] ecs = query("g42." + O, "10.7.9.0");
        byte[] plain = query("g42." + O, null);
        InetAddress source = InetAddress.getByName("10.7.9.1");
        AnswerTable served = table;
        for (int round = 0; round < 3; round++) {
            System.out.printf("ns/query: static fast path %.0f, static with ECS %.0f, per-query with ECS %.0f, per-query by source %.0f%n",
                    time(() -> WireResolver.answer(served.wire(), stat, stat.length, 1232, true)),
                    time(() -> SelectiveResolver.answer(served, statEcs, statEcs.length, 1232, true, source, ThreadLocalRandom.current())),
                    time(() -> SelectiveResolver.answer(served, ecs, ecs.length, 1232, true, source, ThreadLocalRandom.current())),
                    time(() -> SelectiveResolver.answer(served, plain, plain.length, 1232, true, source, ThreadLocalRandom.current())));
        }
    }

    static SelectiveRRset selective(int i, int weight) {
        String name = "g" + i + "." + O;
        SelectiveRRset.Builder s = SelectiveRRset.newBuilder().setName(name).setType(Type.A).setClientMap("geo");
        for (int v = 0; v < 3; v++) {
            s.addVariants(Variant.newBuilder().setTtl(60).addRdata(ip(i * 3 + v)));
            s.putByLabel(v, Choice.newBuilder().addOptions(WeightedVariant.newBuilder().setVariant(v).setWeight(weight))
                    .addOptions(WeightedVariant.newBuilder().setVariant((v + 1) % 3).setWeight(1)).build());
        }
        return s.setFallback(Choice.newBuilder().addOptions(WeightedVariant.newBuilder().setVariant(0).setWeight(1))).build();
    }

    static ByteString ip(int i) {
        return ByteString.copyFrom(new byte[] {(byte) 198, (byte) 18, (byte) (i >>> 8), (byte) i});
    }

    static Version v(long i) {
        return Version.newBuilder().setTerm(1).setIndex(i).build();
    }

    static byte[] query(String name, String ecs) throws Exception {
        Message q = Message.newQuery(org.xbill.DNS.Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
        if (ecs != null) {
            q.addRecord(new OPTRecord(1232, 0, 0, 0, java.util.List.of(new ClientSubnetOption(24, InetAddress.getByName(ecs)))), Section.ADDITIONAL);
        }
        return q.toWire();
    }

    static double time(java.util.function.Supplier<byte[]> f) {
        int n = 2_000_000;
        long sink = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += f.get().length;
        }
        if (sink == 42) {
            System.out.print("");
        }
        return (System.nanoTime() - t0) / (double) n;
    }
}
