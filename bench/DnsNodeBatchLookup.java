// Bench helper (issue 5, session 4): ns per precompiled answer when a batch of queries is answered one by one
// (WireResolver.answerInto) or prepared together first (WireResolver.prepare, then answerInto with the prepared
// value), as the mmsg workers do, with the caches thrashed between batches as the kernel's network path does.
// Usage: java -cp "dns-node/target/vigil-dns-node.jar:dns-node/target/lib/*" bench/DnsNodeBatchLookup.java \
//          DATA_DIR QUERIES_FILE [ROUNDS=5] [BATCHES=4000] [BATCH=12] [THRASH_MB=8]
// DATA_DIR holds answers.pb (bench/dns-node-start.sh writes it); QUERIES_FILE is dnsperf's "name TYPE" list.
// Per round, the two ways alternate batch by batch over the same batches; prints the median ns per answer of each.
import dev.vigil.dnsnode.resolve.AnswerPrecompiler;
import dev.vigil.dnsnode.resolve.WireResolver;
import dev.vigil.dnsnode.store.AnswerState;
import dev.vigil.dnsnode.store.StateFile;
import dev.vigil.dnsnode.store.WireIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

public class DnsNodeBatchLookup {
    static byte[] thrash;
    static long sink;

    public static void main(String[] a) throws Exception {
        AnswerState state = new StateFile(Path.of(a[0])).load().orElseThrow();
        int rounds = a.length > 2 ? Integer.parseInt(a[2]) : 5;
        int batches = a.length > 3 ? Integer.parseInt(a[3]) : 4000;
        int size = a.length > 4 ? Integer.parseInt(a[4]) : 12;
        thrash = new byte[(a.length > 5 ? Integer.parseInt(a[5]) : 8) << 20];
        WireIndex index = AnswerPrecompiler.compile(state).wire();
        List<String> lines = Files.readAllLines(Path.of(a[1]));
        Random random = new Random(5);
        byte[][][] all = new byte[batches][size][];
        int[][] lengths = new int[batches][size];
        for (int b = 0; b < batches; b++) {
            for (int i = 0; i < size; i++) {
                String[] f = lines.get(random.nextInt(lines.size())).trim().split("\\s+");
                Message q = new Message(random.nextInt(65536));
                q.addRecord(Record.newRecord(Name.fromString(f[0], Name.root), Type.value(f[1]), DClass.IN), Section.QUESTION);
                byte[] wire = q.toWire();
                all[b][i] = Arrays.copyOf(wire, 4096);
                lengths[b][i] = wire.length;
            }
        }
        long[] prepared = new long[size], slots = new long[size];
        byte[] out = new byte[1232];
        for (int warm = 0; warm < 3; warm++) { // the JIT
            for (int b = 0; b < batches; b++) {
                oneByOne(index, all[b], lengths[b], out);
                prepared(index, all[b], lengths[b], prepared, slots, out);
            }
        }
        for (int r = 1; r <= rounds; r++) {
            long[] plain = new long[batches], batched = new long[batches];
            for (int b = 0; b < batches; b++) {
                boolean plainFirst = (b & 1) == 0;
                for (int k = 0; k < 2; k++) {
                    thrashCaches();
                    long t0 = System.nanoTime();
                    if (plainFirst == (k == 0)) {
                        oneByOne(index, all[b], lengths[b], out);
                        plain[b] = System.nanoTime() - t0;
                    } else {
                        prepared(index, all[b], lengths[b], prepared, slots, out);
                        batched[b] = System.nanoTime() - t0;
                    }
                }
            }
            Arrays.sort(plain);
            Arrays.sort(batched);
            System.out.printf("round=%d batch=%d one_by_one_ns_per_answer=%.0f prepared_ns_per_answer=%.0f ratio=%.2f load=%s%n",
                    r, size, plain[batches / 2] / (double) size, batched[batches / 2] / (double) size,
                    batched[batches / 2] / (double) plain[batches / 2],
                    Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        }
        System.out.println("sink=" + sink);
    }

    static void oneByOne(WireIndex index, byte[][] batch, int[] lengths, byte[] out) {
        for (int i = 0; i < batch.length; i++) {
            sink += WireResolver.answerInto(index, batch[i], lengths[i], 1232, true, out);
        }
    }

    static void prepared(WireIndex index, byte[][] batch, int[] lengths, long[] prepared, long[] slots, byte[] out) {
        sink += WireResolver.prepare(index, batch, lengths, batch.length, prepared, slots);
        for (int i = 0; i < batch.length; i++) {
            sink += WireResolver.answerInto(index, batch[i], lengths[i], 1232, true, out, prepared[i]);
        }
    }

    static void thrashCaches() {
        for (int i = 0; i < thrash.length; i += 64) {
            thrash[i]++;
        }
    }
}
