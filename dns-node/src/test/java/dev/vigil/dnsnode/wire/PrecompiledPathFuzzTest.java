package dev.vigil.dnsnode.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dnsnode.Fixtures;
import dev.vigil.dnsnode.resolve.AnswerPrecompiler;
import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.FeedCodec;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The UDP path's allocation-free form ({@link QueryHandler#answerPrecompiled}: the packet read from a larger, dirty
 * buffer up to a length, the answer written into a reused, dirty one) answers byte for byte what
 * {@link QueryHandler#handle} answers, or declines — over the fuzzer's mutated packets.
 */
@Timeout(120)
class PrecompiledPathFuzzTest {

    private static final int PACKETS = 100_000;
    private static final AnswerTable TABLE = AnswerPrecompiler.compile(FeedCodec.fromSnapshot(
            Fixtures.full(9, Fixtures.exampleZone(), Fixtures.childZone(), Fixtures.wildZone())).state());

    @Test
    void reusedBuffersGiveTheSameAnswersAsTheAllocatingPath() throws Exception {
        assertSameAnswers(TABLE, QueryFuzzTest.seeds(), 500);
    }

    /** As the mmsg workers do it: a batch of up to 32 mutants prepared together, then each answered. */
    @Test
    void preparedBatchesGiveTheSameAnswersAsTheAllocatingPath() throws Exception {
        QueryHandler handler = new QueryHandler(() -> TABLE, QueryObserver.NONE, 1232);
        List<byte[]> seeds = QueryFuzzTest.seeds();
        Random random = new Random(20261121L);
        byte[][] batch = new byte[32][];
        byte[][] packets = new byte[32][];
        int[] lengths = new int[32];
        long[] prepared = new long[32];
        long[] slots = new long[32];
        byte[] reused = new byte[1232];
        int precompiled = 0;
        for (int done = 0; done < PACKETS; ) {
            int count = 1 + random.nextInt(32);
            for (int i = 0; i < count; i++) {
                packets[i] = QueryFuzzTest.mutate(seeds.get(random.nextInt(seeds.size())), random);
                batch[i] = Arrays.copyOf(packets[i], packets[i].length + 1 + random.nextInt(64));
                for (int j = packets[i].length; j < batch[i].length; j++) {
                    batch[i][j] = (byte) random.nextInt();
                }
                lengths[i] = packets[i].length;
            }
            handler.prepare(batch, lengths, count, prepared, slots);
            for (int i = 0; i < count; i++) {
                Arrays.fill(reused, (byte) random.nextInt());
                int n = handler.answerPrecompiledUncounted(batch[i], lengths[i], Transport.UDP, reused, prepared[i]);
                if (n < 0) {
                    continue;
                }
                precompiled++;
                byte[] expected = handler.handle(packets[i], Transport.UDP, InetAddress.getLoopbackAddress());
                assertArrayEquals(expected, Arrays.copyOf(reused, n), "the same answer either way");
            }
            done += count;
        }
        assertTrue(precompiled > 500, "enough mutants take the precompiled path: " + precompiled);
    }

    /** Per-query answers are picked per client (and weighted at random): the precompiled path must leave them alone. */
    @Test
    void perQueryAnswersAreLeftToTheFullPath() throws Exception {
        AnswerTable table = AnswerPrecompiler.compile(FeedCodec.fromSnapshot(
                dev.vigil.dnsnode.SelectiveFixtures.full(9)).state());
        String o = dev.vigil.dnsnode.SelectiveFixtures.ORIGIN;
        QueryHandler handler = new QueryHandler(() -> table, QueryObserver.NONE, 1232);
        byte[] out = new byte[1232];
        for (String name : new String[] {"geo." + o, "w." + o}) {
            byte[] query = dev.vigil.dnsnode.Fixtures.query(name, "A").toWire();
            assertEquals(-1, handler.answerPrecompiled(query, query.length, Transport.UDP, out), name);
        }
        assertSameAnswers(table, QueryFuzzTest.selectiveSeeds(), 10); // most of its names are per-query: few answered
    }

    private static void assertSameAnswers(AnswerTable table, List<byte[]> seeds, int atLeast) throws Exception {
        AtomicInteger answeredPrecompiled = new AtomicInteger();
        QueryObserver counting = new QueryObserver() {
            @Override
            public void answered(Transport transport, int rcode) {
                answeredPrecompiled.incrementAndGet();
            }

            @Override
            public void malformed(Transport transport) {}

            @Override
            public void failed(Transport transport, Throwable error) {
                throw new AssertionError("unexpected failure", error);
            }
        };
        QueryHandler handler = new QueryHandler(() -> table, QueryObserver.NONE, 1232);
        QueryHandler precompiledOnly = new QueryHandler(() -> table, counting, 1232);
        Random random = new Random(20261122L);
        byte[] reused = new byte[1232];
        int precompiled = 0;
        for (int i = 0; i < PACKETS; i++) {
            byte[] packet = QueryFuzzTest.mutate(seeds.get(random.nextInt(seeds.size())), random);
            Transport transport = random.nextBoolean() ? Transport.UDP : Transport.TCP;
            byte[] in = Arrays.copyOf(packet, packet.length + 1 + random.nextInt(64));
            for (int j = packet.length; j < in.length; j++) {
                in[j] = (byte) random.nextInt();
            }
            Arrays.fill(reused, (byte) random.nextInt());
            int n = precompiledOnly.answerPrecompiled(in, packet.length, transport, reused);
            if (n < 0) {
                continue;
            }
            precompiled++;
            byte[] expected = handler.handle(packet, transport, InetAddress.getLoopbackAddress());
            assertArrayEquals(expected, Arrays.copyOf(reused, n), "the same answer either way");
        }
        assertEquals(precompiled, answeredPrecompiled.get(), "every precompiled answer is counted once");
        assertTrue(precompiled > atLeast, "enough mutants take the precompiled path: " + precompiled);
    }
}
