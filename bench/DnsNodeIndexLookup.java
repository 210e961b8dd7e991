// Bench helper (issue 5, flat index): ns per precompiled lookup, the flat WireIndex against the object-chain
// index it replaced (copied below as OldIndex/oldAnswerInto, as on main before this change), in one JVM, over the
// anchors' query mix, with the caches thrashed between queries as the kernel's network path does.
// Usage: java -cp "dns-node/target/vigil-dns-node.jar:dns-node/target/lib/*" bench/DnsNodeIndexLookup.java \
//          DATA_DIR QUERIES_FILE [ROUNDS=5] [QUERIES=20000] [THRASH_MB=8]
// DATA_DIR holds answers.pb (bench/dns-node-start.sh writes it); QUERIES_FILE is dnsperf's "name TYPE" list.
// Each round runs the same queries (order shuffled per round) against old and new, alternating which goes first;
// per query: touch THRASH_MB of memory (one write per cache line), then time one answerInto with nanoTime.
// Prints per round the median and mean ns per lookup (minus the timer's own median), and the old/new ratio.
import dev.vigil.dnsnode.resolve.AnswerPrecompiler;
import dev.vigil.dnsnode.resolve.Resolver;
import dev.vigil.dnsnode.resolve.WireResolver;
import dev.vigil.dnsnode.store.AnswerState;
import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.StateFile;
import dev.vigil.dnsnode.store.WireIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

public class DnsNodeIndexLookup {
    static byte[] thrash;
    static long sink;

    public static void main(String[] a) throws Exception {
        AnswerState state = new StateFile(Path.of(a[0])).load().orElseThrow();
        int rounds = a.length > 2 ? Integer.parseInt(a[2]) : 5;
        int count = a.length > 3 ? Integer.parseInt(a[3]) : 20_000;
        thrash = new byte[(a.length > 4 ? Integer.parseInt(a[4]) : 8) << 20];
        AnswerTable table = AnswerPrecompiler.compile(state);
        WireIndex flat = table.wire();
        List<byte[]> keys = new ArrayList<>();
        List<WireIndex.Entry> entries = new ArrayList<>();
        flat.forEach((k, e) -> { keys.add(k); entries.add(e); });
        OldIndex old = OldIndex.of(keys.toArray(new byte[0][]), entries.toArray(new WireIndex.Entry[0]));
        List<byte[]> queries = new ArrayList<>();
        List<String> lines = Files.readAllLines(Path.of(a[1]));
        Random random = new Random(5);
        for (int i = 0; i < count; i++) {
            String[] f = lines.get(random.nextInt(lines.size())).trim().split("\\s+");
            Message q = new Message(random.nextInt(65536));
            q.addRecord(Record.newRecord(Name.fromString(f[0], Name.root), Type.value(f[1]), DClass.IN), Section.QUESTION);
            queries.add(q.toWire());
        }
        byte[] outOld = new byte[WireResolver.MAX_ANSWER], outNew = new byte[WireResolver.MAX_ANSWER];
        int answered = 0;
        for (byte[] q : queries) { // same bytes from both, and warm-up for the JIT
            int n = oldAnswerInto(old, q, q.length, 1232, true, outOld);
            int m = WireResolver.answerInto(flat, q, q.length, 1232, true, outNew);
            if (n != m || (n > 0 && !Arrays.equals(outOld, 0, n, outNew, 0, m))) {
                throw new AssertionError("old and new differ for " + new Message(q).getQuestion());
            }
            answered += n > 0 ? 1 : 0;
        }
        for (int w = 0; w < 20; w++) {
            for (byte[] q : queries) {
                sink += oldAnswerInto(old, q, q.length, 1232, true, outOld) + WireResolver.answerInto(flat, q, q.length, 1232, true, outNew);
            }
        }
        System.out.printf("names=%d queries=%d answered_fast=%d thrash=%d MB load=%s%n", flat.size(), count, answered,
                thrash.length >> 20, Files.readString(Path.of("/proc/loadavg")).trim());
        long timer = timerCost();
        double sumOld = 0, sumNew = 0;
        for (int round = 0; round < rounds; round++) {
            Collections.shuffle(queries, random);
            long[] o, n;
            if (round % 2 == 0) {
                o = run(queries, true, old, flat, outOld);
                n = run(queries, false, old, flat, outNew);
            } else {
                n = run(queries, false, old, flat, outNew);
                o = run(queries, true, old, flat, outOld);
            }
            double mo = median(o) - timer, mn = median(n) - timer, ao = mean(o) - timer, an = mean(n) - timer;
            sumOld += ao;
            sumNew += an;
            System.out.printf("round %d: old median %.0f ns mean %.0f ns | flat median %.0f ns mean %.0f ns | old/flat %.2fx (mean %.2fx)%n",
                    round + 1, mo, ao, mn, an, mo / mn, ao / an);
        }
        System.out.printf("all rounds: old mean %.0f ns, flat mean %.0f ns, old/flat %.2fx (timer %d ns subtracted)%n",
                sumOld / rounds, sumNew / rounds, sumOld / sumNew, timer);
        // then the same without thrashing: the lookup when everything is cached
        thrash = new byte[0];
        long hotTimer = timerCost();
        for (int i = 0; i < 3; i++) {
            long[] o = run(queries, true, old, flat, outOld), n = run(queries, false, old, flat, outNew);
            System.out.printf("no thrash: old median %.0f ns, flat median %.0f ns per lookup%n",
                    median(o) - hotTimer, median(n) - hotTimer);
        }
        System.out.println("sink=" + sink);
    }

    static long[] run(List<byte[]> queries, boolean useOld, OldIndex old, WireIndex flat, byte[] out) {
        long[] ns = new long[queries.size()];
        for (int i = 0; i < ns.length; i++) {
            byte[] q = queries.get(i);
            evict();
            long t0 = System.nanoTime();
            int n = useOld ? oldAnswerInto(old, q, q.length, 1232, true, out) : WireResolver.answerInto(flat, q, q.length, 1232, true, out);
            ns[i] = System.nanoTime() - t0;
            sink += n;
        }
        return ns;
    }

    static void evict() {
        byte[] t = thrash;
        for (int i = 0; i < t.length; i += 64) {
            t[i]++;
        }
    }

    static long timerCost() {
        long[] ns = new long[20_000];
        for (int i = 0; i < ns.length; i++) {
            evict();
            long t0 = System.nanoTime();
            ns[i] = System.nanoTime() - t0;
        }
        return (long) median(ns);
    }

    static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static double mean(long[] v) {
        return Arrays.stream(v).average().orElse(0);
    }

    // ---- the code before: main's WireIndex (lookup and build) and WireResolver.answerInto, unchanged ----

    static final class OldIndex {
        final byte[][][] keys;
        final WireIndex.Entry[][] values;
        final int bits;

        OldIndex(byte[][][] keys, WireIndex.Entry[][] values, int bits) {
            this.keys = keys;
            this.values = values;
            this.bits = bits;
        }

        WireIndex.Entry find(byte[] packet, int offset, int length) {
            int h = hash(packet, offset, length);
            int shard = shard(h, bits);
            byte[][] k = keys[shard];
            int mask = k.length - 1;
            int slot = h & mask;
            while (true) {
                byte[] key = k[slot];
                if (key == null) {
                    return null;
                }
                if (key.length == length && equalsIgnoreCase(key, packet, offset)) {
                    return values[shard][slot];
                }
                slot = (slot + 1) & mask;
            }
        }

        static int shard(int h, int bits) {
            return bits == 0 ? 0 : (h * 0x9E3779B9) >>> (32 - bits);
        }

        static int hash(byte[] b, int offset, int length) {
            int h = 0x9E3779B9;
            for (int i = offset; i < offset + length; i++) {
                h = (h ^ lower(b[i])) * 0x01000193;
            }
            return h ^ (h >>> 16);
        }

        static boolean equalsIgnoreCase(byte[] key, byte[] packet, int offset) {
            for (int i = 0; i < key.length; i++) {
                if (key[i] != lower(packet[offset + i])) {
                    return false;
                }
            }
            return true;
        }

        static byte lower(byte b) {
            return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
        }

        static OldIndex of(byte[][] keys, WireIndex.Entry[] entries) {
            int bits = 31 - Integer.numberOfLeadingZeros(Math.max(1, keys.length / 32));
            int shards = 1 << bits;
            List<List<Integer>> byShard = new ArrayList<>();
            for (int s = 0; s < shards; s++) byShard.add(new ArrayList<>());
            for (int i = 0; i < keys.length; i++) byShard.get(shard(hash(keys[i], 0, keys[i].length), bits)).add(i);
            byte[][][] k = new byte[shards][][];
            WireIndex.Entry[][] v = new WireIndex.Entry[shards][];
            for (int s = 0; s < shards; s++) {
                int expected = byShard.get(s).size();
                int capacity = Integer.highestOneBit(Math.max(4, expected * 2 + 1) - 1) << 1;
                k[s] = new byte[capacity][];
                v[s] = new WireIndex.Entry[capacity];
                for (int i : byShard.get(s)) {
                    int slot = hash(keys[i], 0, keys[i].length) & (capacity - 1);
                    while (k[s][slot] != null) slot = (slot + 1) & (capacity - 1);
                    k[s][slot] = keys[i];
                    v[s][slot] = entries[i];
                }
            }
            return new OldIndex(k, v, bits);
        }
    }

    static int oldAnswerInto(OldIndex index, byte[] q, int length, int maxUdpPayload, boolean udp, byte[] out) {
        if (length < 12 + 5 || (q[2] & 0xF8) != 0 || (q[3] & 0x10) != 0
                || q[4] != 0 || q[5] != 1 || (q[6] | q[7] | q[8] | q[9] | q[10]) != 0 || (q[11] & 0xFE) != 0) {
            return -1;
        }
        int pos = 12;
        while (true) {
            int label = q[pos] & 0xFF;
            if (label == 0) break;
            if (label > 63) return -1;
            pos += label + 1;
            if (pos >= length || pos - 12 > 254) return -1;
        }
        int nameLength = pos + 1 - 12;
        pos += 1;
        if (pos + 4 > length) return -1;
        int qtype = u16(q, pos);
        if (u16(q, pos + 2) != 1 || qtype == 255) return -1;
        pos += 4;
        int questionEnd = pos;
        boolean edns = q[11] == 1;
        int limit = Math.min(out.length, udp ? Resolver.MIN_UDP_PAYLOAD : 0xFFFF);
        int doFlag = 0;
        if (edns) {
            if (pos + 11 != length || q[pos] != 0 || u16(q, pos + 1) != 41
                    || q[pos + 5] != 0 || q[pos + 6] != 0 || u16(q, pos + 9) != 0) return -1;
            doFlag = q[pos + 7] & 0x80;
            if (udp) limit = Math.min(out.length, Resolver.clampPayload(u16(q, pos + 3), maxUdpPayload));
        } else if (pos != length) {
            return -1;
        }
        int opt = edns ? 11 : 0;
        WireIndex.Entry entry = index.find(q, 12, nameLength);
        if (entry != null) {
            byte[] template = entry.answer(qtype);
            if (template == null || template.length + opt > limit) return -1;
            System.arraycopy(template, 0, out, 0, template.length);
            System.arraycopy(q, 12, out, 12, nameLength);
            pos = template.length;
        } else {
            pos = oldNxdomain(index, q, nameLength, questionEnd, limit - opt, out);
            if (pos < 0) return -1;
        }
        out[0] = q[0];
        out[1] = q[1];
        out[2] |= (byte) (q[2] & 0x01);
        if (edns) {
            int arcount = u16(out, 10) + 1;
            out[10] = (byte) (arcount >>> 8);
            out[11] = (byte) arcount;
            out[pos] = 0;
            out[pos + 1] = 0;
            out[pos + 2] = 41;
            out[pos + 3] = (byte) (maxUdpPayload >>> 8);
            out[pos + 4] = (byte) maxUdpPayload;
            out[pos + 5] = 0;
            out[pos + 6] = 0;
            out[pos + 7] = (byte) doFlag;
            out[pos + 8] = 0;
            out[pos + 9] = 0;
            out[pos + 10] = 0;
        }
        return pos + opt;
    }

    static int oldNxdomain(OldIndex index, byte[] q, int nameLength, int questionEnd, int limit, byte[] out) {
        int offset = 12;
        WireIndex.Entry encloser = null;
        while ((q[offset] & 0xFF) != 0 && encloser == null) {
            offset += (q[offset] & 0xFF) + 1;
            encloser = index.find(q, offset, 12 + nameLength - offset);
        }
        if (encloser == null || encloser.negative() == null) return -1;
        WireIndex.NegativeTail tail = encloser.negative();
        int originOffset = 12 + nameLength - tail.originWireLength();
        if (originOffset < 12) return -1;
        byte[] soa = tail.soaWithoutOwner();
        int length = questionEnd + 2 + soa.length;
        if (length > limit) return -1;
        System.arraycopy(q, 12, out, 12, questionEnd - 12);
        out[2] = (byte) 0x84;
        out[3] = 3;
        out[4] = 0;
        out[5] = 1;
        out[6] = 0;
        out[7] = 0;
        out[8] = 0;
        out[9] = 1;
        out[10] = 0;
        out[11] = 0;
        out[questionEnd] = (byte) (0xC0 | (originOffset >>> 8));
        out[questionEnd + 1] = (byte) originOffset;
        System.arraycopy(soa, 0, out, questionEnd + 2, soa.length);
        return length;
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }
}
