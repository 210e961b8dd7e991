package dev.vigil.dnsnode;

import com.google.protobuf.ByteString;
import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.FeedCodec;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.RRset;
import dev.vigil.proto.feed.v1.RRsetKey;
import dev.vigil.proto.feed.v1.Version;
import dev.vigil.proto.feed.v1.ZoneUpdate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Zones, updates and queries for tests, written the way a zone file reads. */
public final class Fixtures {

    public static final String ORIGIN = "example.test.";

    private Fixtures() {}

    /** An RRset from presentation-format rdata, e.g. rrset("www.example.test.", "A", 60, "192.0.2.1"). */
    public static RRset rrset(String name, String type, long ttl, String... rdata) {
        RRset.Builder b = RRset.newBuilder().setName(name).setType(Type.value(type)).setTtl((int) ttl);
        for (String text : rdata) {
            try {
                Record r = Record.fromString(Name.fromString(name), Type.value(type), DClass.IN, ttl, text, Name.root);
                b.addRdata(ByteString.copyFrom(r.rdataToWireCanonical()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return b.build();
    }

    public static RRset soa(String origin, long ttl, long minimum) {
        return rrset(origin, "SOA", ttl, "ns1." + origin + " hostmaster." + origin + " 1 3600 600 86400 " + minimum);
    }

    public static ZoneUpdate zone(String origin, RRset... upserts) {
        ZoneUpdate.Builder z = ZoneUpdate.newBuilder().setOrigin(origin);
        for (RRset r : upserts) {
            z.addUpserts(r);
        }
        return z.build();
    }

    public static RRsetKey key(String name, String type) {
        return RRsetKey.newBuilder().setName(name).setType(Type.value(type)).build();
    }

    public static Version version(long index) {
        return Version.newBuilder().setTerm(1).setIndex(index).build();
    }

    public static AnswerUpdate full(long index, ZoneUpdate... zones) {
        AnswerUpdate.Builder u = AnswerUpdate.newBuilder().setVersion(version(index)).setFull(true)
                .setProducedAtUnixMs(1_700_000_000_000L);
        for (ZoneUpdate z : zones) {
            u.addZones(z);
        }
        return u.build();
    }

    public static AnswerUpdate change(long base, long index, ZoneUpdate... zones) {
        AnswerUpdate.Builder u = AnswerUpdate.newBuilder().setVersion(version(index)).setBase(version(base))
                .setProducedAtUnixMs(1_700_000_000_000L);
        for (ZoneUpdate z : zones) {
            u.addZones(z);
        }
        return u.build();
    }

    /**
     * The zone most tests use: SOA TTL 3600 with MINIMUM 60 (negative TTL 60), CNAME chains, a loop, an
     * out-of-zone target, a dangling target and an empty non-terminal (deep.example.test.).
     */
    public static ZoneUpdate exampleZone() {
        return zone(ORIGIN,
                soa(ORIGIN, 3600, 60),
                rrset(ORIGIN, "NS", 3600, "ns1.example.test.", "ns2.example.test."),
                rrset(ORIGIN, "MX", 300, "10 mail.example.test."),
                rrset("www.example.test.", "A", 60, "192.0.2.1", "192.0.2.2"),
                rrset("www.example.test.", "AAAA", 60, "2001:db8::1"),
                rrset("txt.example.test.", "TXT", 120, "\"hello world\""),
                rrset("alias.example.test.", "CNAME", 30, "www.example.test."),
                rrset("chain.example.test.", "CNAME", 30, "alias.example.test."),
                rrset("loop1.example.test.", "CNAME", 30, "loop2.example.test."),
                rrset("loop2.example.test.", "CNAME", 30, "loop1.example.test."),
                rrset("ext.example.test.", "CNAME", 30, "www.elsewhere.invalid."),
                rrset("dangling.example.test.", "CNAME", 30, "nothing.example.test."),
                rrset("a.b.deep.example.test.", "A", 60, "192.0.2.9"));
    }

    /** A child zone, to check the longest-suffix match. */
    public static ZoneUpdate childZone() {
        return zone("sub.example.test.",
                soa("sub.example.test.", 30, 300),
                rrset("www.sub.example.test.", "A", 60, "198.51.100.7"));
    }

    /**
     * Wildcards (RFC 4592), an empty non-terminal that blocks a wildcard, a wildcard CNAME, and a delegation
     * (child.wild.test.) with in-bailiwick glue and an in-zone name server.
     */
    public static ZoneUpdate wildZone() {
        String o = "wild.test.";
        return zone(o,
                soa(o, 3600, 60),
                rrset(o, "NS", 3600, "ns1.wild.test."),
                rrset("ns1.wild.test.", "A", 3600, "192.0.2.53"),
                rrset("*.wild.test.", "A", 300, "192.0.2.100"),
                rrset("*.wild.test.", "TXT", 300, "\"wild\""),
                rrset("host.wild.test.", "A", 300, "192.0.2.1"),
                rrset("*.sub.wild.test.", "CNAME", 300, "host.wild.test."),
                rrset("a.b.wild.test.", "A", 300, "192.0.2.2"),
                rrset("child.wild.test.", "NS", 86400, "ns.child.wild.test.", "ns1.wild.test."),
                rrset("ns.child.wild.test.", "A", 86400, "192.0.2.60"),
                rrset("ns.child.wild.test.", "AAAA", 86400, "2001:db8::60"));
    }

    public static AnswerTable table(AnswerUpdate full) {
        return AnswerTable.compile(FeedCodec.fromSnapshot(full).state());
    }

    public static AnswerTable exampleTable() {
        return table(full(10, exampleZone(), childZone()));
    }

    public static Message query(String name, String type) {
        try {
            Message q = Message.newQuery(Record.newRecord(Name.fromString(name), Type.value(type), DClass.IN));
            q.getHeader().setFlag(Flags.RD);
            return q;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
