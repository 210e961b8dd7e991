package dev.vigil.dnsnode.store;

import static dev.vigil.dnsnode.Fixtures.childZone;
import static dev.vigil.dnsnode.Fixtures.exampleZone;
import static dev.vigil.dnsnode.Fixtures.full;
import static dev.vigil.dnsnode.Fixtures.rrset;
import static dev.vigil.dnsnode.Fixtures.soa;
import static dev.vigil.dnsnode.Fixtures.wildZone;
import static dev.vigil.dnsnode.Fixtures.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dnsnode.Fixtures;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.RRset;
import dev.vigil.proto.feed.v1.ZoneUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A snapshot read chunk by chunk decodes to exactly the state the whole message decodes to. */
@Timeout(60)
class SnapshotChunksTest {

    static Stream<Arguments> snapshots() {
        return Stream.of(
                Arguments.of("three small zones", full(7, exampleZone(), childZone(), wildZone()), 3),
                Arguments.of("one big zone, many chunks", full(8, bigZone("big.test.", 1000)), 7),
                Arguments.of("big zones around a small one", full(9, bigZone("a.test.", 300), exampleZone(),
                        bigZone("b.test.", 301)), 100),
                Arguments.of("chunk larger than every zone", full(10, exampleZone(), bigZone("c.test.", 50)), 4096),
                Arguments.of("no zones", full(11), 5),
                Arguments.of("an empty zone", full(12, ZoneUpdate.newBuilder().setOrigin("empty.test.").build(),
                        exampleZone()), 2),
                Arguments.of("per-query RRsets and client maps, zone cut into chunks",
                        dev.vigil.dnsnode.SelectiveFixtures.full(15), 2),
                Arguments.of("per-query RRsets after a big zone", dev.vigil.dnsnode.SelectiveFixtures.full(16).toBuilder()
                        .addZones(0, bigZone("big.test.", 500)).build(), 64),
                Arguments.of("zone removals: parsed whole", full(13, exampleZone().toBuilder()
                        .addRemovals(Fixtures.key("www.example.test.", "A")).build()), 3),
                Arguments.of("an RRset that cannot be decoded is skipped either way", full(14, zone("bad.test.",
                        soa("bad.test.", 300, 60), rrset("www.bad.test.", "A", 60, "192.0.2.1"),
                        RRset.newBuilder().setName("x.bad.test.").setType(1).setTtl(5)
                                .addRdata(com.google.protobuf.ByteString.copyFrom(new byte[] {1, 2})).build(),
                        rrset("outside.example.org.", "A", 60, "192.0.2.2"))), 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshots")
    void chunkedDecodeEqualsWholeDecode(String name, AnswerUpdate snapshot, int chunkSize) throws Exception {
        FeedCodec.Decoded whole = FeedCodec.fromSnapshot(snapshot);
        FeedCodec.Decoded chunked = StateFile.decodeSnapshot(snapshot.toByteArray(), chunkSize);
        assertEquals(whole.state().version(), chunked.state().version());
        assertEquals(whole.state().producedAtUnixMs(), chunked.state().producedAtUnixMs());
        assertEquals(whole.state().zones().keySet(), chunked.state().zones().keySet());
        whole.state().zones().forEach((origin, zone) ->
                assertEquals(zone.rrsets(), chunked.state().zones().get(origin).rrsets(), origin.toString()));
        assertEquals(whole.skipped(), chunked.skipped());
        assertEquals(whole.state().clientMaps().keySet(), chunked.state().clientMaps().keySet());
        assertEquals(whole.state().selective().keySet(), chunked.state().selective().keySet());
        whole.state().selective().forEach((origin, rrsets) ->
                assertEquals(rrsets.keySet(), chunked.state().selective().get(origin).keySet(), origin.toString()));
        assertEquals(canonical(FeedCodec.toSnapshot(whole.state())), canonical(FeedCodec.toSnapshot(chunked.state())),
                "re-encodes to the same snapshot, order aside");
        // The chunks re-encode to the whole snapshot's fields.
        assertEquals(snapshot.getZonesCount(), FeedCodec.toSnapshot(chunked.state()).getZonesCount());
    }

    @Test
    void aBigZoneIsCutIntoChunksAndItsMapIsSizedForTheWholeZone() throws Exception {
        AnswerUpdate snapshot = full(3, bigZone("big.test.", 2000));
        SnapshotChunks chunks = SnapshotChunks.of(snapshot.toByteArray(), 64).orElseThrow();
        assertEquals((2000 + 1 + 63) / 64, chunks.size(), "one SOA plus 2000 RRsets");
        int upserts = 0;
        for (AnswerUpdate chunk : chunks) {
            assertTrue(chunk.getZones(0).getUpsertsCount() <= 64);
            upserts += chunk.getZones(0).getUpsertsCount();
        }
        assertEquals(2001, upserts);
        ZoneData zone = StateFile.decodeSnapshot(snapshot.toByteArray(), 64).state().zones().values().iterator().next();
        ZoneData whole = FeedCodec.fromSnapshot(snapshot).state().zones().values().iterator().next();
        assertEquals(whole.sharded().shardCount(), zone.sharded().shardCount(), "shards as if read whole");
    }

    @Test
    void aSnapshotThatIsNotFullIsRefused() {
        AnswerUpdate change = Fixtures.change(1, 2, exampleZone());
        assertThrows(InvalidUpdateException.class, () -> StateFile.decodeSnapshot(change.toByteArray(), 4));
    }

    /** A snapshot's content with the order of repeated fields left out (maps iterate in no particular order). */
    private static List<Object> canonical(AnswerUpdate snapshot) {
        java.util.Map<String, List<java.util.Set<?>>> zones = new java.util.HashMap<>();
        for (ZoneUpdate z : snapshot.getZonesList()) {
            zones.put(z.getOrigin(), List.of(java.util.Set.copyOf(z.getUpsertsList()),
                    java.util.Set.copyOf(z.getSelectiveUpsertsList()), java.util.Set.copyOf(z.getRemovalsList())));
        }
        return List.of(snapshot.getVersion(), snapshot.getFull(), snapshot.getProducedAtUnixMs(), zones,
                java.util.Set.copyOf(snapshot.getClientMapsList()));
    }

    private static ZoneUpdate bigZone(String origin, int names) {
        List<RRset> rrsets = new ArrayList<>();
        rrsets.add(soa(origin, 300, 60));
        for (int i = 0; i < names; i++) {
            rrsets.add(rrset("host" + i + "." + origin, i % 3 == 0 ? "AAAA" : "A", 60,
                    i % 3 == 0 ? "2001:db8::" + Integer.toHexString(i + 1) : "192.0.2." + (i % 250 + 1)));
        }
        return zone(origin, rrsets.toArray(RRset[]::new));
    }
}
