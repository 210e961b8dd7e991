package dev.vigil.dnsnode.resolve;

import static dev.vigil.dnsnode.Fixtures.childZone;
import static dev.vigil.dnsnode.Fixtures.exampleZone;
import static dev.vigil.dnsnode.Fixtures.full;
import static dev.vigil.dnsnode.Fixtures.rrset;
import static dev.vigil.dnsnode.Fixtures.soa;
import static dev.vigil.dnsnode.Fixtures.wildZone;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dnsnode.Fixtures;
import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.FeedCodec;
import dev.vigil.dnsnode.store.WireIndex;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import dev.vigil.proto.feed.v1.RRset;
import dev.vigil.proto.feed.v1.ZoneUpdate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A table derived change by change (zones shared, names updated in place, wire answers patched) must answer exactly
 * like a table compiled from scratch from the same state, over a long random sequence of changes.
 */
@Timeout(120)
class IncrementalCompileTest {

    private static final String BULK = "bulk.test.";
    private static final int HOSTS = 300;
    private static final int[] QTYPES = {Type.A, Type.AAAA, Type.TXT, Type.MX, Type.CNAME, Type.NS, Type.SOA};

    @Test
    void aRandomSequenceOfChangesAnswersLikeAFullRebuild() throws Exception {
        Random random = new Random(42);
        AnswerTable incremental = AnswerPrecompiler.compile(
                FeedCodec.fromSnapshot(full(1, exampleZone(), childZone(), wildZone(), bulkZone())).state());
        int nameByName = 0;
        for (long version = 2; version <= 300; version++) {
            AnswerUpdate change = randomChange(random, version);
            var state = FeedCodec.applyChange(incremental.state(), change).state();
            AnswerTable derived = AnswerPrecompiler.compile(state, incremental);
            AnswerTable rebuilt = AnswerPrecompiler.compile(state);
            if (derived.changedOwners() != null) {
                nameByName++;
            }
            assertSameWire(rebuilt.wire(), derived.wire(), version);
            assertSameAnswers(rebuilt, derived, random, version);
            incremental = derived;
        }
        assertTrue(nameByName > 100, "most changes take the name-by-name path, took " + nameByName);
    }

    private static ZoneUpdate bulkZone() {
        List<RRset> sets = new ArrayList<>();
        sets.add(soa(BULK, 3600, 60));
        sets.add(rrset(BULK, "NS", 3600, "ns1.bulk.test."));
        sets.add(rrset("ns1.bulk.test.", "A", 3600, "192.0.2.53"));
        for (int i = 0; i < HOSTS; i++) {
            sets.add(rrset(host(i), "A", 60, "10.0." + (i / 250) + "." + (i % 250)));
            if (i % 10 == 0) {
                sets.add(rrset("alias" + i + ".bulk.test.", "CNAME", 30, host(i + 1)));
            }
        }
        return Fixtures.zone(BULK, sets.toArray(RRset[]::new));
    }

    private static String host(int i) {
        return "host" + i + ".bulk.test.";
    }

    /** One to three operations: value and TTL changes (the common case), new types, new and removed names. */
    private static AnswerUpdate randomChange(Random random, long version) {
        Map<String, ZoneUpdate.Builder> zones = new HashMap<>();
        int ops = 1 + random.nextInt(3);
        for (int op = 0; op < ops; op++) {
            int i = random.nextInt(HOSTS);
            int kind = random.nextInt(20);
            String zone = BULK;
            ZoneUpdate.Builder z;
            switch (kind) {
                case 0 -> { // a new name (the zone's shape changes)
                    z = zones.computeIfAbsent(zone, o -> ZoneUpdate.newBuilder().setOrigin(o));
                    z.addUpserts(rrset("new" + random.nextInt(50) + ".bulk.test.", "A", 60, "192.0.2." + random.nextInt(250)));
                }
                case 1 -> { // a removal
                    z = zones.computeIfAbsent(zone, o -> ZoneUpdate.newBuilder().setOrigin(o));
                    z.addRemovals(Fixtures.key(host(i), random.nextBoolean() ? "A" : "TXT"));
                }
                case 2 -> { // a change in a zone with wildcards and a delegation
                    z = zones.computeIfAbsent("wild.test.", o -> ZoneUpdate.newBuilder().setOrigin(o));
                    z.addUpserts(rrset("host.wild.test.", "A", 300, "192.0.2." + random.nextInt(250)));
                }
                case 3 -> { // a target of CNAMEs in the example zone
                    z = zones.computeIfAbsent(Fixtures.ORIGIN, o -> ZoneUpdate.newBuilder().setOrigin(o));
                    z.addUpserts(rrset("www.example.test.", "A", 60, "192.0.2." + random.nextInt(250)));
                }
                case 4 -> { // a second type at an existing name
                    z = zones.computeIfAbsent(zone, o -> ZoneUpdate.newBuilder().setOrigin(o));
                    z.addUpserts(rrset(host(i), "TXT", 60, "\"v" + version + "\""));
                }
                case 5 -> { // the glue of the apex NS
                    z = zones.computeIfAbsent(zone, o -> ZoneUpdate.newBuilder().setOrigin(o));
                    z.addUpserts(rrset("ns1.bulk.test.", "A", 3600, "192.0.2." + random.nextInt(250)));
                }
                default -> { // a failover: new address or TTL at an existing name
                    z = zones.computeIfAbsent(zone, o -> ZoneUpdate.newBuilder().setOrigin(o));
                    z.addUpserts(rrset(host(i), "A", 30 + random.nextInt(3) * 30,
                            "10.1." + random.nextInt(250) + "." + random.nextInt(250)));
                }
            }
        }
        AnswerUpdate.Builder u = AnswerUpdate.newBuilder().setVersion(Fixtures.version(version))
                .setBase(Fixtures.version(version - 1)).setProducedAtUnixMs(1_700_000_000_000L + version);
        zones.values().forEach(z -> u.addZones(z.build()));
        return u.build();
    }

    private static void assertSameWire(WireIndex expected, WireIndex actual, long version) {
        assertEquals(expected.size(), actual.size(), "entries at version " + version);
        expected.forEach((key, entry) -> {
            WireIndex.Entry other = actual.find(key, 0, key.length);
            assertNotNull(other, "entry at version " + version);
            assertArrayEquals(entry.qtypes(), other.qtypes());
            for (int i = 0; i < entry.answers().length; i++) {
                assertArrayEquals(entry.answers()[i], other.answers()[i], "answer at version " + version);
            }
            assertEquals(entry.negative() == null, other.negative() == null);
            if (entry.negative() != null) {
                assertArrayEquals(entry.negative().soaWithoutOwner(), other.negative().soaWithoutOwner());
            }
        });
    }

    /** The full resolver over both tables: existing, new and missing names, every common type. */
    private static void assertSameAnswers(AnswerTable expected, AnswerTable actual, Random random, long version)
            throws Exception {
        List<String> names = new ArrayList<>(List.of("www.example.test.", "alias.example.test.", "chain.example.test.",
                "x.deep.example.test.", "deep.example.test.", "www.sub.example.test.", "host.wild.test.", "z.wild.test.",
                "a.child.wild.test.", "ns1.bulk.test.", BULK, "missing.bulk.test."));
        for (int i = 0; i < 10; i++) {
            names.add(host(random.nextInt(HOSTS)));
            names.add("alias" + random.nextInt(HOSTS / 10) * 10 + ".bulk.test.");
            names.add("new" + random.nextInt(50) + ".bulk.test.");
        }
        for (String name : names) {
            for (int type : QTYPES) {
                Message query = new Message(7);
                query.addRecord(Record.newRecord(Name.fromString(name), type, DClass.IN), Section.QUESTION);
                assertArrayEquals(Resolver.resolve(query, expected).toWire(), Resolver.resolve(query, actual).toWire(),
                        name + " " + Type.string(type) + " at version " + version);
            }
        }
    }
}
