package dev.vigil.dnsnode.store;

import static dev.vigil.dnsnode.Fixtures.change;
import static dev.vigil.dnsnode.Fixtures.key;
import static dev.vigil.dnsnode.Fixtures.rrset;
import static dev.vigil.dnsnode.SelectiveFixtures.ORIGIN;
import static dev.vigil.dnsnode.SelectiveFixtures.choice;
import static dev.vigil.dnsnode.SelectiveFixtures.map;
import static dev.vigil.dnsnode.SelectiveFixtures.selective;
import static dev.vigil.dnsnode.SelectiveFixtures.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.vigil.dnsnode.SelectiveFixtures;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.ClientMap;
import dev.vigil.proto.feed.v1.ClientPrefix;
import dev.vigil.proto.feed.v1.SelectiveRRset;
import dev.vigil.proto.feed.v1.ZoneUpdate;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** Client maps and selective RRsets through the feed codec and the state file: apply, replace, remove, refuse. */
@Timeout(20)
class SelectiveFeedCodecTest {

    private static final Name SEL = Name.fromConstantString(ORIGIN);
    private static final RRsetKey GEO_A = new RRsetKey(Name.fromConstantString("geo." + ORIGIN), Type.A);
    private static final RRsetKey W_A = new RRsetKey(Name.fromConstantString("w." + ORIGIN), Type.A);

    @TempDir
    Path dir;

    private static AnswerState snapshot() {
        FeedCodec.Decoded decoded = FeedCodec.fromSnapshot(SelectiveFixtures.full(10));
        assertEquals(List.of(), decoded.skipped());
        return decoded.state();
    }

    @Test
    void aSnapshotDecodesMapsAndSelectiveRRsetsAndTheirFirstVariantStandsInTheZone() {
        AnswerState state = snapshot();
        assertEquals(Set.of("geo"), state.clientMaps().keySet());
        assertEquals(5, state.selective(SEL).size());
        SelectiveRRsetData geo = state.selective(SEL, GEO_A);
        assertEquals(3, geo.variants().size());
        assertEquals("geo", geo.clientMap());
        assertEquals(geo.variants().getFirst(), state.zones().get(SEL).rrsets().get(GEO_A), "the representative");
        assertEquals(3, state.clientMaps().get("geo").v4().ranges(), "10/8 split around 10.1/16: 3 ranges");
    }

    @Test
    void aStaticUpsertReplacesASelectiveRRsetAndBack() {
        AnswerState state = snapshot();
        AnswerState staticNow = FeedCodec.applyChange(state, change(10, 11, zone(z -> z.addUpserts(
                rrset("geo." + ORIGIN, "A", 60, "192.0.2.7"))))).state();
        assertNull(staticNow.selective(SEL, GEO_A));
        assertEquals("192.0.2.7", staticNow.zones().get(SEL).rrsets().get(GEO_A).getFirst().rdataToString());
        assertNotNull(state.selective(SEL, GEO_A), "the old state is untouched");

        AnswerState selectiveAgain = FeedCodec.applyChange(staticNow, change(11, 12, zone(z -> z.addSelectiveUpserts(
                selective("geo." + ORIGIN, "A", "", Map.of(), choice(0, 5), variant("geo." + ORIGIN, "A", 60, "192.0.2.8")))))).state();
        assertEquals("192.0.2.8", selectiveAgain.selective(SEL, GEO_A).variants().getFirst().getFirst().rdataToString());
        assertEquals("192.0.2.8", selectiveAgain.zones().get(SEL).rrsets().get(GEO_A).getFirst().rdataToString());
    }

    @Test
    void aRemovalRemovesEitherKindAndARemovedZoneTakesItsSelectiveRRsetsAlong() {
        AnswerState state = snapshot();
        AnswerState removed = FeedCodec.applyChange(state, change(10, 11, zone(z -> z.addRemovals(key("w." + ORIGIN, "A")))))
                .state();
        assertNull(removed.selective(SEL, W_A));
        assertNull(removed.zones().get(SEL).rrsets().get(W_A));
        assertEquals(4, removed.selective(SEL).size());

        AnswerUpdate dropZone = change(11, 12).toBuilder().addRemovedZones(ORIGIN).build();
        AnswerState gone = FeedCodec.applyChange(removed, dropZone).state();
        assertTrue(gone.selective().isEmpty());
        assertTrue(gone.zones().isEmpty());
    }

    @Test
    void aMapIsReplacedWholeAndRemovedByName() {
        AnswerState state = snapshot();
        ClientMap smaller = map("geo", List.of("eu", "us"), "192.0.2.0/24", "1");
        AnswerState replaced = FeedCodec.applyChange(state, change(10, 11).toBuilder().addClientMaps(smaller).build()).state();
        assertEquals(1, replaced.clientMaps().get("geo").v4().ranges());
        assertEquals(0, replaced.clientMaps().get("geo").v6().ranges(), "the old IPv6 prefix is gone with the old map");

        FeedCodec.Decoded removed = FeedCodec.applyChange(replaced,
                change(11, 12).toBuilder().addRemovedClientMaps("geo").build());
        assertTrue(removed.state().clientMaps().isEmpty());
        assertNotNull(removed.state().selective(SEL, GEO_A), "kept; answers every client from its fallback");
    }

    @Test
    void aSelectiveRRsetCanUseAMapSentInTheSameUpdate() {
        AnswerUpdate update = change(10, 11, zone(z -> z.addSelectiveUpserts(selective("n." + ORIGIN, "A", "fresh",
                Map.of(0, choice(0, 1)), choice(0, 1), variant("n." + ORIGIN, "A", 60, "192.0.2.1")))))
                .toBuilder().addClientMaps(map("fresh", List.of("x"), "10.0.0.0/8", "0")).build();
        FeedCodec.Decoded decoded = FeedCodec.applyChange(snapshot(), update);
        assertEquals(List.of(), decoded.skipped());
        assertNotNull(decoded.state().selective(SEL, new RRsetKey(Name.fromConstantString("n." + ORIGIN), Type.A)));
    }

    static Stream<Arguments> invalid() {
        String n = "bad." + ORIGIN;
        var v = variant(n, "A", 60, "192.0.2.1");
        return Stream.of(
                Arguments.of("variant index out of range", selective(n, "A", "", Map.of(), choice(1, 1), v), "variant 1 of 1"),
                Arguments.of("weight 0", selective(n, "A", "", Map.of(), choice(0, 0), v), "weight 0"),
                Arguments.of("label out of range", selective(n, "A", "geo", Map.of(2, choice(0, 1)), choice(0, 1), v), "label 2 of 2"),
                Arguments.of("unknown client map", selective(n, "A", "nope", Map.of(), choice(0, 1), v), "'nope' does not exist"),
                Arguments.of("by_label without a map", selective(n, "A", "", Map.of(0, choice(0, 1)), choice(0, 1), v), "without a client map"),
                Arguments.of("owner outside the zone", selective("x.other.", "A", "", Map.of(), choice(0, 1), variant("x.other.", "A", 60, "192.0.2.1")), "outside zone"),
                Arguments.of("NS per query", selective(n, "NS", "", Map.of(), choice(0, 1), variant(n, "NS", 60, "ns1.sel.test.")), "cannot be answered per query"),
                Arguments.of("rdata not of the type", SelectiveRRset.newBuilder().setName(n).setType(Type.A)
                        .addVariants(dev.vigil.proto.feed.v1.Variant.newBuilder().setTtl(1).addRdata(ByteString.copyFrom(new byte[3]))).build(), "wire format"),
                Arguments.of("a variant without records", SelectiveRRset.newBuilder().setName(n).setType(Type.A)
                        .addVariants(dev.vigil.proto.feed.v1.Variant.newBuilder().setTtl(1)).build(), "without records"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void anInvalidSelectiveRRsetIsRefusedAndTheRestApplied(String rule, SelectiveRRset bad, String reason) {
        FeedCodec.Decoded decoded = FeedCodec.applyChange(snapshot(), change(10, 11, zone(z -> z
                .addSelectiveUpserts(bad)
                .addUpserts(rrset("ok." + ORIGIN, "A", 60, "192.0.2.2")))));
        assertEquals(1, decoded.skipped().size(), decoded.skipped().toString());
        assertTrue(decoded.skipped().getFirst().contains(reason), rule + ": " + decoded.skipped());
        assertNull(decoded.state().zones().get(SEL).rrsets().get(new RRsetKey(Name.fromConstantString("bad." + ORIGIN), bad.getType())));
        assertNotNull(decoded.state().zones().get(SEL).rrsets().get(new RRsetKey(Name.fromConstantString("ok." + ORIGIN), Type.A)));
        assertEquals(11, decoded.state().version().index());
    }

    static Stream<Arguments> invalidMaps() {
        return Stream.of(
                Arguments.of("address of 5 bytes", ClientPrefix.newBuilder().setAddress(ByteString.copyFrom(new byte[5])).build(), "5 bytes"),
                Arguments.of("prefix longer than 32", SelectiveFixtures.prefix("10.0.0.0/8", 0).toBuilder().setPrefixLength(33).build(), "above 32"),
                Arguments.of("prefix longer than 128", SelectiveFixtures.prefix("2001:db8::/32", 0).toBuilder().setPrefixLength(129).build(), "above 128"),
                Arguments.of("host bits set", SelectiveFixtures.prefix("10.0.0.1/32", 0).toBuilder().setPrefixLength(8).build(), "host bits"),
                Arguments.of("label out of range", SelectiveFixtures.prefix("10.0.0.0/8", 5), "label 5 of 1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidMaps")
    void anInvalidMapIsRefused(String rule, ClientPrefix bad, String reason) {
        ClientMap map = ClientMap.newBuilder().setName("m").addLabels("only").addPrefixes(bad).build();
        FeedCodec.Decoded decoded = FeedCodec.applyChange(snapshot(), change(10, 11).toBuilder().addClientMaps(map).build());
        assertEquals(1, decoded.skipped().size(), decoded.skipped().toString());
        assertTrue(decoded.skipped().getFirst().contains(reason), rule + ": " + decoded.skipped());
        assertNull(decoded.state().clientMaps().get("m"));
        assertNotNull(decoded.state().clientMaps().get("geo"));
    }

    @Test
    void theSnapshotRoundTripsSelectiveRRsetsAndMaps() {
        AnswerState state = snapshot();
        AnswerUpdate written = FeedCodec.toSnapshot(state);
        assertEquals(content(SelectiveFixtures.full(10)), content(written));
        assertEquals(content(written), content(FeedCodec.toSnapshot(FeedCodec.fromSnapshot(written).state())));
    }

    @Test
    void aRestartFromDiskRestoresSelectiveStateFromTheSnapshotAndTheChangeLog() throws Exception {
        AnswerState state = snapshot();
        StateFile file = new StateFile(dir);
        file.save(state);
        AnswerUpdate change = change(10, 11, zone(z -> z
                .addRemovals(key("w." + ORIGIN, "A"))
                .addSelectiveUpserts(selective("new." + ORIGIN, "A", "geo", Map.of(1, choice(0, 1)), choice(0, 1),
                        variant("new." + ORIGIN, "A", 60, "192.0.2.44")))))
                .toBuilder().addClientMaps(map("geo", List.of("eu", "us"), "10.0.0.0/8", "1")).build();
        AnswerState next = FeedCodec.applyChange(state, change).state();
        file.append(change);

        AnswerState loaded = new StateFile(dir).load().orElseThrow();
        assertEquals(11, loaded.version().index());
        assertEquals(content(FeedCodec.toSnapshot(next)), content(FeedCodec.toSnapshot(loaded)));
        assertNull(loaded.selective(SEL, W_A));
        assertNotNull(loaded.selective(SEL, new RRsetKey(Name.fromConstantString("new." + ORIGIN), Type.A)));
        assertEquals(1, loaded.clientMaps().get("geo").v4().ranges());
    }

    /** Everything an update holds, order aside. */
    private static Set<Object> content(AnswerUpdate u) {
        Set<Object> out = new HashSet<>(u.getClientMapsList());
        for (ZoneUpdate z : u.getZonesList()) {
            z.getUpsertsList().forEach(r -> out.add(z.getOrigin() + r));
            z.getSelectiveUpsertsList().forEach(s -> out.add(z.getOrigin() + s));
        }
        return out;
    }

    private static ZoneUpdate zone(java.util.function.Consumer<ZoneUpdate.Builder> edit) {
        ZoneUpdate.Builder z = ZoneUpdate.newBuilder().setOrigin(ORIGIN);
        edit.accept(z);
        return z.build();
    }
}
