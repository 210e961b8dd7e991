package dev.vigil.dnsnode.store;

import static dev.vigil.dnsnode.Fixtures.change;
import static dev.vigil.dnsnode.Fixtures.exampleZone;
import static dev.vigil.dnsnode.Fixtures.full;
import static dev.vigil.dnsnode.Fixtures.key;
import static dev.vigil.dnsnode.Fixtures.rrset;
import static dev.vigil.dnsnode.Fixtures.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.vigil.dnsnode.Fixtures;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.RRset;
import dev.vigil.proto.feed.v1.ZoneUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

@Timeout(10)
class FeedCodecTest {

    private static final Name WWW = Name.fromConstantString("www.example.test.");

    @Test
    void fullSnapshotBecomesTheWholeState() {
        FeedCodec.Decoded decoded = FeedCodec.fromSnapshot(full(5, exampleZone(), Fixtures.childZone()));
        assertTrue(decoded.skipped().isEmpty(), decoded.skipped()::toString);
        assertEquals(new Version(1, 5), decoded.state().version());
        assertEquals(2, decoded.state().zones().size());
        ZoneData zone = decoded.state().zones().get(Name.fromConstantString("example.test."));
        assertEquals(2, zone.rrsets().get(new RRsetKey(WWW, Type.A)).size());
    }

    @Test
    void changeUpsertsRemovesAndDropsZones() {
        AnswerState base = FeedCodec.fromSnapshot(full(5, exampleZone(), Fixtures.childZone())).state();
        ZoneUpdate edit = ZoneUpdate.newBuilder().setOrigin("example.test.")
                .addUpserts(rrset("www.example.test.", "A", 60, "203.0.113.5"))
                .addUpserts(rrset("new.example.test.", "TXT", 60, "\"fresh\""))
                .addRemovals(key("www.example.test.", "AAAA"))
                .build();
        AnswerUpdate update = change(5, 6, edit).toBuilder().addRemovedZones("sub.example.test.").build();

        AnswerState next = FeedCodec.applyChange(base, update).state();

        assertEquals(6, next.version().index());
        assertEquals(1, next.zones().size());
        ZoneData zone = next.zones().get(Name.fromConstantString("example.test."));
        assertEquals("203.0.113.5", zone.rrsets().get(new RRsetKey(WWW, Type.A)).getFirst().rdataToString());
        assertNull(zone.rrsets().get(new RRsetKey(WWW, Type.AAAA)));
        assertNotNull(zone.rrsets().get(new RRsetKey(Name.fromConstantString("new.example.test."), Type.TXT)));
        assertNotNull(zone.rrsets().get(new RRsetKey(Name.fromConstantString("txt.example.test."), Type.TXT)),
                "untouched RRsets stay");
        assertEquals(2, base.zones().size(), "the base state is not modified");
    }

    @Test
    void changeAddsANewZone() {
        AnswerState base = FeedCodec.fromSnapshot(full(5, exampleZone())).state();
        AnswerState next = FeedCodec.applyChange(base, change(5, 6, Fixtures.childZone())).state();
        assertEquals(2, next.zones().size());
    }

    @Test
    void invalidRRsetsAreSkippedAndTheRestKept() {
        RRset badRdata = RRset.newBuilder().setName("bad.example.test.").setType(Type.A).setTtl(60)
                .addRdata(ByteString.copyFrom(new byte[] {1, 2, 3})).build();
        RRset outside = rrset("www.other.test.", "A", 60, "192.0.2.1");
        RRset relative = RRset.newBuilder().setName("rel.example.test").setType(Type.A).setTtl(60)
                .addRdata(ByteString.copyFrom(new byte[] {1, 2, 3, 4})).build();
        RRset metaType = rrset("www.example.test.", "A", 60, "192.0.2.1").toBuilder().setType(Type.OPT).build();
        AnswerUpdate update = full(7, zone("example.test.", rrset("ok.example.test.", "A", 60, "192.0.2.3"),
                badRdata, outside, relative, metaType));

        FeedCodec.Decoded decoded = FeedCodec.fromSnapshot(update);

        assertEquals(4, decoded.skipped().size(), decoded.skipped()::toString);
        ZoneData zone = decoded.state().zones().get(Name.fromConstantString("example.test."));
        assertEquals(1, zone.rrsets().size());
    }

    @Test
    void snapshotRoundTripsThroughProtobuf() {
        AnswerState state = FeedCodec.fromSnapshot(full(9, exampleZone(), Fixtures.childZone())).state();
        AnswerUpdate snapshot = FeedCodec.toSnapshot(state);
        assertTrue(snapshot.getFull());
        assertFalse(snapshot.hasBase());
        assertEquals(state, FeedCodec.fromSnapshot(snapshot).state());
    }

    @Test
    void hugeTtlIsClampedToTheDnsMaximum() {
        AnswerUpdate update = full(2, zone("example.test.",
                rrset("www.example.test.", "A", 60, "192.0.2.1").toBuilder().setTtl(0xFFFFFFFF).build()));
        AnswerState state = FeedCodec.fromSnapshot(update).state();
        long ttl = state.zones().values().iterator().next().rrsets().values().iterator().next().getFirst().getTTL();
        assertEquals(0x7FFFFFFFL, ttl);
    }
}
