package dev.vigil.dnsnode.resolve;

import static dev.vigil.dnsnode.Fixtures.childZone;
import static dev.vigil.dnsnode.Fixtures.exampleZone;
import static dev.vigil.dnsnode.Fixtures.full;
import static dev.vigil.dnsnode.Fixtures.wildZone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dnsnode.RandomZones;
import dev.vigil.dnsnode.SelectiveFixtures;
import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.FeedCodec;
import dev.vigil.dnsnode.store.WireIndex;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A load builds the wire index on every core; a change builds it on one thread. Both must give the same index byte
 * for byte (same shards, same slots), whatever the zones hold.
 */
@Timeout(120)
class ParallelLoadTest {

    static Stream<Arguments> states() {
        return Stream.of(
                Arguments.of("nested zones, wildcards, delegations", full(2, exampleZone(), childZone(), wildZone())),
                Arguments.of("per-query RRsets", SelectiveFixtures.full(3)),
                Arguments.of("random zones with wildcards, delegations, CNAMEs, many types at a name",
                        RandomZones.snapshot(new Random(11), 12_000)),
                Arguments.of("another random draw", RandomZones.snapshot(new Random(12), 3_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void theParallelBuildIsTheSequentialBuild(String rule, AnswerUpdate snapshot) {
        AnswerTable table = AnswerTable.compile(FeedCodec.fromSnapshot(snapshot).state());

        WireIndex parallel = AnswerPrecompiler.index(table, null, true);
        WireIndex sequential = AnswerPrecompiler.index(table, null, false);

        assertTrue(parallel.size() > 0, rule);
        assertEquals(entries(sequential), entries(parallel), rule);
        assertTrue(parallel.bytesEqual(sequential), rule + ": the same shards, byte for byte");
        assertTrue(AnswerPrecompiler.index(table, null, true).bytesEqual(parallel), rule + ": and again");
    }

    private static Map<String, WireIndex.Entry> entries(WireIndex index) {
        Map<String, WireIndex.Entry> out = new HashMap<>();
        index.forEach((key, entry) -> out.put(HexFormat.of().formatHex(key), entry));
        return out;
    }
}
