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
