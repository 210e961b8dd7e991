package dev.vigil.dnsnode.store;

import static dev.vigil.dnsnode.Fixtures.rrset;
import static dev.vigil.dnsnode.Fixtures.soa;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dnsnode.Fixtures;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.RRset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;

/** A zone compiled shard by shard has exactly the nodes, cuts, dependents and flags of one grouped by name first. */
@Timeout(60)
class ZoneTableCompileTest {

    static Stream<Arguments> zones() {
        List<RRset> big = new ArrayList<>(List.of(soa("big.test.", 300, 60)));
        for (int i = 0; i < 20_000; i++) { // above the parallel threshold; some names own several types
            big.add(rrset("h" + i + ".big.test.", "A", 60, "192.0.2." + (i % 250 + 1)));
            if (i % 7 == 0) {
                big.add(rrset("h" + i + ".big.test.", "TXT", 60, "\"t" + i + "\""));
            }
            if (i % 11 == 0) {
                big.add(rrset("x.y.h" + i + ".big.test.", "AAAA", 60, "2001:db8::" + Integer.toHexString(i + 1)));
            }
        }
        big.add(rrset("alias.big.test.", "CNAME", 60, "h1.big.test."));
        big.add(rrset("sub.big.test.", "NS", 60, "ns.sub.big.test."));
        big.add(rrset("*.w.big.test.", "A", 60, "192.0.2.9"));
        return Stream.of(
                Arguments.of("example (CNAME chains, deep names)", Fixtures.full(1, Fixtures.exampleZone())),
                Arguments.of("wild (wildcards, delegation, glue)", Fixtures.full(1, Fixtures.wildZone())),
                Arguments.of("child", Fixtures.full(1, Fixtures.childZone())),
                Arguments.of("20,000 names", Fixtures.full(1, Fixtures.zone("big.test.", big.toArray(RRset[]::new)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("zones")
    void byShardEqualsByName(String name, AnswerUpdate snapshot) {
        ZoneData zone = FeedCodec.fromSnapshot(snapshot).state().zones().values().iterator().next();
        ShardedMap.Builder<Name, NameNode> nodes = new ShardedMap.Builder<>(zone.rrsets().size());
        assertEquals(nodes.shardCount(), zone.sharded().shardCount(), "a fresh zone is sharded like its node map");
        ZoneTable byShard = ZoneTable.compileByShard(zone, nodes);
        ZoneTable byName = ZoneTable.compileByName(zone);
        Map<Name, NameNode> expected = new HashMap<>();
        byName.forEachNode(expected::put);
        Map<Name, NameNode> actual = new HashMap<>();
        byShard.forEachNode(actual::put);
        assertEquals(expected.keySet(), actual.keySet(), "the same names, empty non-terminals included");
        expected.forEach((owner, node) -> {
            NameNode other = actual.get(owner);
            assertEquals(node.size(), other.size(), owner.toString());
            for (int i = 0; i < node.size(); i++) {
                assertEquals(node.typeAt(i), other.typeAt(i), owner + " types in order");
                assertArrayEquals(node.setAt(i), other.setAt(i), owner + " records");
            }
        });
        assertEquals(byName.dependents(), byShard.dependents());
        assertEquals(byName.hasDelegations(), byShard.hasDelegations());
        assertEquals(byName.hasWildcards(), byShard.hasWildcards());
        assertEquals(String.valueOf(byName.negativeSoa()), String.valueOf(byShard.negativeSoa()));
        assertTrue(actual.size() >= zone.rrsets().size() / 3, "nodes were compiled");
    }
}
