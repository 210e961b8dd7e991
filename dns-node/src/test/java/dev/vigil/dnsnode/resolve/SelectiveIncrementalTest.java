package dev.vigil.dnsnode.resolve;

import static dev.vigil.dnsnode.Fixtures.change;
import static dev.vigil.dnsnode.Fixtures.key;
import static dev.vigil.dnsnode.Fixtures.rrset;
import static dev.vigil.dnsnode.SelectiveFixtures.ORIGIN;
import static dev.vigil.dnsnode.SelectiveFixtures.choice;
import static dev.vigil.dnsnode.SelectiveFixtures.map;
import static dev.vigil.dnsnode.SelectiveFixtures.selective;
import static dev.vigil.dnsnode.SelectiveFixtures.variant;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.dnsnode.SelectiveFixtures;
import dev.vigil.dnsnode.store.AnswerState;
import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.FeedCodec;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.ZoneUpdate;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Message;

/**
 * Changes to per-query answers (weights, maps, static to per-query and back, removals, chains) compiled on top of
 * the previous table answer exactly like the same state compiled from scratch, whichever path serves each query.
 */
@Timeout(60)
class SelectiveIncrementalTest {

    private static final String O = ORIGIN;
    private static final List<String> NAMES = List.of("geo.", "w.", "cn.", "alias.", "none.", "x.wild.", "a.", "b.",
            "new.", "chain.", "missing.", "");
    private static final List<String> TYPES = List.of("A", "AAAA", "CNAME", "ANY", "TXT", "SOA");
    private static final List<String> SUBNETS = List.of("10.1.2.0/24", "10.2.0.0/16", "192.0.2.0/24", "2001:db8::/32", "none");

    @Test
    void eachChangeAnswersLikeAFullCompile() throws Exception {
        List<AnswerUpdate> changes = List.of(
                change(3, 4, zone(z -> z.addSelectiveUpserts(selective("w." + O, "A", "", Map.of(), choice(0, 9, 1, 1),
                        variant("w." + O, "A", 60, "203.0.113.1"), variant("w." + O, "A", 60, "203.0.113.9"))))),
                change(4, 5).toBuilder().addClientMaps(map("geo", List.of("eu", "us"), "10.2.0.0/16", "1", "0.0.0.0/0", "0")).build(),
                change(5, 6, zone(z -> z.addUpserts(rrset("geo." + O, "A", 60, "192.0.2.77")))),
                change(6, 7, zone(z -> z.addSelectiveUpserts(selective("b." + O, "A", "geo", Map.of(1, choice(1, 1)), choice(0, 1),
                        variant("b." + O, "A", 60, "192.0.2.21"), variant("b." + O, "A", 60, "192.0.2.22"))))),
                change(7, 8, zone(z -> z.addUpserts(rrset("chain." + O, "CNAME", 60, "cn." + O)))),
                change(8, 9, zone(z -> z.addRemovals(key("cn." + O, "CNAME")))),
                change(9, 10, zone(z -> z.addSelectiveUpserts(selective("geo." + O, "A", "geo", Map.of(0, choice(0, 1)), choice(),
                        variant("geo." + O, "A", 60, "198.51.100.9"))))),
                change(10, 11, zone(z -> z.addSelectiveUpserts(selective("new." + O, "TXT", "", Map.of(), choice(0, 1),
                        variant("new." + O, "TXT", 60, "\"n\""))))),
                change(11, 12).toBuilder().addRemovedClientMaps("geo").build(),
                change(12, 13, zone(z -> z.addRemovals(key("w." + O, "A")).addRemovals(key("b." + O, "A")))));
        AnswerState state = FeedCodec.fromSnapshot(SelectiveFixtures.full(3)).state();
        AnswerTable incremental = AnswerPrecompiler.compile(state);
        for (AnswerUpdate c : changes) {
            state = FeedCodec.applyChange(state, c).state();
            incremental = AnswerPrecompiler.compile(state, incremental);
            AnswerTable full = AnswerPrecompiler.compile(state);
            assertEquals(full.selective().size(), incremental.selective().size(), "version " + state.version());
            int seed = 0;
            for (String name : NAMES) {
                for (String type : TYPES) {
                    for (String subnet : SUBNETS) {
                        byte[] wire = SelectiveAnswersTest.query(name + O, type, subnet.equals("none") ? null : subnet).toWire();
                        seed++;
                        assertArrayEquals(respond(full, wire, seed), respond(incremental, wire, seed),
                                "version " + state.version() + " " + name + O + " " + type + " " + subnet);
                    }
                }
            }
        }
    }

    @Test
    void aChangeToOnePerQueryNameReusesTheOthersPrecompiledAnswers() {
        AnswerState state = FeedCodec.fromSnapshot(SelectiveFixtures.full(3)).state();
        AnswerTable before = AnswerPrecompiler.compile(state);
        AnswerState next = FeedCodec.applyChange(state, change(3, 4, zone(z -> z.addSelectiveUpserts(selective("w." + O, "A",
                "", Map.of(), choice(0, 1), variant("w." + O, "A", 60, "203.0.113.7")))))).state();
        AnswerTable after = AnswerPrecompiler.compile(next, before);
        org.junit.jupiter.api.Assertions.assertSame(answer(before, "geo."), answer(after, "geo."), "untouched: reused");
        org.junit.jupiter.api.Assertions.assertNotSame(answer(before, "w."), answer(after, "w."), "changed: recompiled");
        assertEquals(1, answer(after, "w.").variants().length);
    }

    private static dev.vigil.dnsnode.store.SelectiveAnswer answer(AnswerTable table, String name) {
        byte[] wire = org.xbill.DNS.Name.fromConstantString(name + O).toWireCanonical();
        return table.selective().find(wire, 0, wire.length).answer(org.xbill.DNS.Type.A);
    }

    /** What the query handler sends: the static fast path, else the per-query one, else the resolver. */
    static byte[] respond(AnswerTable table, byte[] wire, long seed) throws Exception {
        InetAddress source = InetAddress.getByName("10.1.0.1");
        byte[] fast = WireResolver.answer(table.wire(), wire, wire.length, 1232, true);
        if (fast != null) {
            return fast;
        }
        byte[] selective = SelectiveResolver.answer(table, wire, wire.length, 1232, true, source, new SplittableRandom(seed));
        if (selective != null) {
            return selective;
        }
        return Resolver.resolve(new Message(wire), table, 1232, source, new SplittableRandom(seed)).toWire(1232);
    }

    private static ZoneUpdate zone(java.util.function.Consumer<ZoneUpdate.Builder> edit) {
        ZoneUpdate.Builder z = ZoneUpdate.newBuilder().setOrigin(O);
        edit.accept(z);
        return z.build();
    }
}
