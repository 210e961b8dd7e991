package dev.vigil.dnsnode.store;

import static dev.vigil.dnsnode.Fixtures.childZone;
import static dev.vigil.dnsnode.Fixtures.exampleZone;
import static dev.vigil.dnsnode.Fixtures.full;
import static dev.vigil.dnsnode.Fixtures.wildZone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.vigil.dnsnode.RandomZones;
import dev.vigil.dnsnode.SelectiveFixtures;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.RRset;
import dev.vigil.proto.feed.v1.ZoneUpdate;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Type;

/** The lazy snapshot read ({@link SnapshotReader}) decodes to exactly what parsing the whole message does. */
@Timeout(60)
class SnapshotReaderTest {

    @TempDir
    Path dir;

    static Stream<Arguments> snapshots() {
        return Stream.of(
                Arguments.of("one zone", full(3, exampleZone())),
                Arguments.of("nested zones, wildcards, delegations", full(4, exampleZone(), childZone(), wildZone())),
                Arguments.of("per-query RRsets and client maps", SelectiveFixtures.full(10)),
                Arguments.of("no zone", full(5)),
                Arguments.of("large random zones (parallel decode and shard fill)", RandomZones.snapshot(new Random(5), 12_000)),
                Arguments.of("small random zone (one thread)", RandomZones.snapshot(new Random(6), 500)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshots")
    void decodesLikeTheWholeMessage(String rule, AnswerUpdate snapshot) throws Exception {
        byte[] bytes = snapshot.toByteArray();
        FeedCodec.Decoded eager = FeedCodec.fromSnapshot(AnswerUpdate.parseFrom(bytes));
        FeedCodec.Decoded lazy = FeedCodec.fromSnapshot(SnapshotReader.read(bytes));

        assertEquals(eager.skipped(), lazy.skipped(), rule);
        assertEquals(content(eager.state()), content(lazy.state()), rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshots")
    void theStateFileLoadsWhatWasSaved(String rule, AnswerUpdate snapshot) throws Exception {
        AnswerState state = FeedCodec.fromSnapshot(snapshot).state();
        Files.write(dir.resolve(StateFile.FILE_NAME), snapshot.toByteArray());
        assertEquals(content(state), content(new StateFile(dir).load().orElseThrow()), rule);
    }

    @Test
    void aBrokenRRsetMakesTheWholeFileCorruptAsBefore() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        full(7, exampleZone()).writeTo(out);
        // One more zone ("a.") whose only upsert is a string field claiming 5 bytes with 1 left.
        byte[] rrset = {0x0A, 0x05, 'a'};
        byte[] zone = concat(new byte[] {0x0A, 0x02, 'a', '.', 0x12, (byte) rrset.length}, rrset);
        out.write(concat(new byte[] {0x22, (byte) zone.length}, zone));
        byte[] bytes = out.toByteArray();
        assertThrows(InvalidProtocolBufferException.class, () -> AnswerUpdate.parseFrom(bytes));

        Files.write(dir.resolve(StateFile.FILE_NAME), bytes);
        assertEquals(Optional.empty(), new StateFile(dir).load());
    }

    @Test
    void aTruncatedFileIsCorrupt() throws Exception {
        byte[] bytes = RandomZones.snapshot(new Random(8), 2_000).toByteArray();
        Files.write(dir.resolve(StateFile.FILE_NAME), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertEquals(Optional.empty(), new StateFile(dir).load());
    }

    @Test
    void fieldsOutsideTheUpsertsAreKept() throws Exception {
        AnswerUpdate snapshot = SelectiveFixtures.full(10);
        SnapshotReader.Lazy lazy = SnapshotReader.read(snapshot.toByteArray());
        AnswerUpdate withoutUpserts = snapshot.toBuilder().clearZones()
                .addAllZones(snapshot.getZonesList().stream().map(z -> z.toBuilder().clearUpserts().build()).toList())
                .build();
        assertEquals(withoutUpserts, lazy.update());
        for (int z = 0; z < snapshot.getZonesCount(); z++) {
            assertEquals(snapshot.getZones(z).getUpsertsCount(), lazy.upserts().get(z).count());
            for (int i = 0; i < lazy.upserts().get(z).count(); i++) {
                assertEquals(fields(FeedCodec.RawRRset.of(snapshot.getZones(z).getUpserts(i))),
                        fields(lazy.upserts().get(z).get(i)));
            }
        }
        assertTrue(lazy.upserts().stream().anyMatch(u -> u.count() > 0));
    }

    static Stream<Arguments> rrsets() {
        RRset a = dev.vigil.dnsnode.Fixtures.rrset("www.example.test.", "A", 60, "192.0.2.1", "192.0.2.2");
        byte[] unknownField = {(byte) 0xA8, 0x01, 0x07}; // field 21, varint 7
        byte[] typeAgain = {0x10, 0x1C}; // type = 28: the last value wins
        byte[] rdataAsWrongWireType = {0x20, 0x05}; // field 4 as a varint: an unknown field, skipped
        return Stream.of(
                Arguments.of("two records", a.toByteArray()),
                Arguments.of("empty", RRset.getDefaultInstance().toByteArray()),
                Arguments.of("no rdata, TTL 2^32-1", a.toBuilder().clearRdata().setTtl(-1).build().toByteArray()),
                Arguments.of("an unknown field", concat(a.toByteArray(), unknownField)),
                Arguments.of("a scalar given twice", concat(a.toByteArray(), typeAgain)),
                Arguments.of("a field with another wire type", concat(a.toByteArray(), rdataAsWrongWireType)),
                Arguments.of("non-ASCII name", a.toBuilder().setName("bücher.example.").build().toByteArray()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rrsets")
    void readsAnRRsetAsItsParserDoes(String rule, byte[] bytes) throws Exception {
        assertEquals(fields(FeedCodec.RawRRset.of(RRset.parseFrom(bytes))),
                fields(SnapshotReader.readRRset(com.google.protobuf.CodedInputStream.newInstance(bytes))), rule);
    }

    @Test
    void anRRsetNameThatIsNotUtf8IsRefusedAsByItsParser() {
        byte[] bytes = {0x0A, 0x02, (byte) 0xC3, 0x28};
        assertThrows(InvalidProtocolBufferException.class, () -> RRset.parseFrom(bytes));
        assertThrows(InvalidProtocolBufferException.class,
                () -> SnapshotReader.readRRset(com.google.protobuf.CodedInputStream.newInstance(bytes)));
    }

    private static java.util.List<Object> fields(FeedCodec.RawRRset r) {
        return java.util.List.of(r.name(), r.type(), r.ttl(),
                Stream.of(r.rdata()).map(java.util.HexFormat.of()::formatHex).toList());
    }

    /**
     * Everything a state holds, comparable (a per-query RRset holds arrays: compared by its source message), and
     * the snapshot's RRsets as a set (their order follows hash maps).
     */
    private static java.util.List<Object> content(AnswerState state) {
        AnswerUpdate snapshot = FeedCodec.toSnapshot(state);
        java.util.Set<Object> parts = new java.util.HashSet<>();
        snapshot.getClientMapsList().forEach(parts::add);
        for (ZoneUpdate z : snapshot.getZonesList()) {
            z.getUpsertsList().forEach(r -> parts.add(z.getOrigin() + " " + r));
            z.getSelectiveUpsertsList().forEach(r -> parts.add(z.getOrigin() + " " + r));
        }
        return java.util.List.of(state.version(), state.producedAtUnixMs(), state.zones().keySet(),
                state.selective().keySet(), parts, state.zones());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
