package dev.vigil.dnsnode.resolve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dnsnode.Fixtures;
import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.FeedCodec;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** The precompiled wire path answers exactly what the resolver answers, or declines. */
@Timeout(30)
class WireResolverTest {

    private static final AnswerTable TABLE = AnswerPrecompiler.compile(FeedCodec.fromSnapshot(
            Fixtures.full(7, Fixtures.exampleZone(), Fixtures.childZone(), Fixtures.wildZone())).state());

    private static final List<String> NAMES = List.of("www.example.test.", "alias.example.test.", "chain.example.test.",
            "loop1.example.test.", "ext.example.test.", "dangling.example.test.", "deep.example.test.",
            "a.b.deep.example.test.", "missing.example.test.", "x.y.missing.example.test.", "example.test.",
            "txt.example.test.", "www.sub.example.test.", "nope.sub.example.test.", "sub.example.test.",
            "foo.wild.test.", "host.wild.test.", "x.b.wild.test.", "www.child.wild.test.", "x.sub.wild.test.",
            "www.example.org.", "test.", ".", "new.deep.example.test.", "b.deep.example.test.", "host.wild.test.");
    private static final int[] TYPES = {Type.A, Type.AAAA, Type.CNAME, Type.MX, Type.TXT, Type.NS, Type.SOA, Type.ANY,
            Type.DS, 65000};

    @Test
    void everyFastAnswerEqualsTheResolversAnswer() throws Exception {
        assertFastPathAgreesWithResolver(TABLE);
    }

    @Test
    void aChangeRecompilesWhatItAffectsAndReusesTheRest() throws Exception {
        var change = Fixtures.change(7, 8,
                Fixtures.zone("example.test.",
                        Fixtures.rrset("www.example.test.", "A", 60, "192.0.2.77"), // alias and chain point here
                        Fixtures.rrset("txt.example.test.", "TXT", 5, "\"hello world\""), // TTL only
                        Fixtures.rrset("new.deep.example.test.", "AAAA", 60, "2001:db8::77")),
                Fixtures.zone("wild.test.", Fixtures.rrset("host.wild.test.", "A", 300, "192.0.2.201")));
        change = change.toBuilder().setZones(0, change.getZones(0).toBuilder()
                .addRemovals(Fixtures.key("a.b.deep.example.test.", "A"))).build();
        AnswerTable next = AnswerPrecompiler.compile(FeedCodec.applyChange(TABLE.state(), change).state(), TABLE);

        assertFastPathAgreesWithResolver(next);
        byte[] unchanged = wire("www.sub.example.test.");
        assertEquals(TABLE.wire().find(unchanged, 0, unchanged.length),
                next.wire().find(unchanged, 0, unchanged.length), "an unaffected name is reused as is");
        Message alias = new Message(fast(next, query("alias.example.test.", Type.A)));
        assertEquals("192.0.2.77", alias.getSection(Section.ANSWER).getLast().rdataToString(), "the chain was recompiled");
        Message txt = new Message(fast(next, query("txt.example.test.", Type.TXT)));
        assertEquals(5, txt.getSection(Section.ANSWER).getFirst().getTTL(), "a TTL-only change is seen");
    }

    private static byte[] wire(String name) throws Exception {
        return Name.fromString(name).toWireCanonical();
    }

    private static void assertFastPathAgreesWithResolver(AnswerTable table) throws Exception {
        Random random = new Random(5);
        byte[] reused = new byte[WireResolver.MAX_ANSWER];
        java.util.Arrays.fill(reused, (byte) 0xA5); // a reused buffer starts dirty: every byte must be written
        int fast = 0;
        for (int i = 0; i < 5000; i++) {
            Message query = randomQuery(random);
            byte[] wire = query.toWire();
            int maxUdp = random.nextBoolean() ? 1232 : 4096;
            boolean udp = random.nextBoolean();
            byte[] answer = WireResolver.answer(table.wire(), wire, wire.length, maxUdp, udp);
            int n = WireResolver.answerInto(table.wire(), wire, wire.length, maxUdp, udp, reused);
            if (answer == null) {
                assertEquals(-1, n, "both forms decline: " + query);
                continue;
            }
            assertArrayEquals(answer, java.util.Arrays.copyOf(reused, n), "into a reused buffer: " + query);
            fast++;
            Message expected = Resolver.resolve(new Message(wire), table, maxUdp);
            byte[] expectedWire = expected.toWire(udp ? Resolver.udpLimit(new Message(wire), maxUdp) : 0xFFFF);
            Message actual = new Message(answer);
            assertEquals(expected.getHeader().toString(), actual.getHeader().toString(), query.toString());
            for (int section : new int[] {Section.QUESTION, Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
                assertEquals(expected.getSection(section), actual.getSection(section), query + " section " + section);
            }
            assertEquals(expected.getQuestion().getName().toString(), actual.getQuestion().getName().toString(), "case");
            if (expected.getSection(Section.AUTHORITY).isEmpty()) {
                assertArrayEquals(expectedWire, answer, "byte for byte: " + query);
            }
        }
        assertTrue(fast > 1000, "the fast path answered only " + fast);
    }

    /**
     * Owner names written in mixed case are compiled with a lower-case question (the index key); served, the answer
     * carries the query's own case and is byte for byte the resolver's, whatever case either side uses.
     */
    @Test
    void ownersInMixedCaseAnswerByteForByteAsTheResolverInTheQuerysCase() throws Exception {
        AnswerTable table = AnswerPrecompiler.compile(FeedCodec.fromSnapshot(Fixtures.full(3, Fixtures.zone("example.test.",
                Fixtures.soa("example.test.", 3600, 60),
                Fixtures.rrset("Mixed.Example.TEST.", "A", 60, "192.0.2.5", "192.0.2.6"),
                Fixtures.rrset("Mixed.Example.TEST.", "TXT", 60, "\"t\""),
                Fixtures.rrset("UPPER.EXAMPLE.TEST.", "AAAA", 60, "2001:db8::5")))).state());
        int answered = 0;
        for (String name : List.of("mixed.example.test.", "MIXED.EXAMPLE.TEST.", "Mixed.Example.TEST.", "mIxEd.eXample.test.",
                "upper.example.test.", "UPPER.EXAMPLE.TEST.", "Upper.Example.Test.")) {
            for (int type : new int[] {Type.A, Type.TXT, Type.AAAA}) {
                byte[] wire = query(name, type).toWire();
                byte[] answer = WireResolver.answer(table.wire(), wire, wire.length, 1232, true);
                Message expected = Resolver.resolve(new Message(wire), table, 1232);
                if (answer == null) { // NODATA goes to the resolver
                    assertEquals(0, expected.getSection(Section.ANSWER).size(), name + " " + Type.string(type));
                    continue;
                }
                assertArrayEquals(expected.toWire(Resolver.udpLimit(new Message(wire), 1232)), answer,
                        name + " " + Type.string(type));
                assertEquals(name, new Message(answer).getQuestion().getName().toString(), "the query's case");
                answered++;
            }
        }
        assertEquals(4 * 2 + 3, answered, "every existing RRset in every case took the fast path");
    }

    /**
     * The mmsg workers prepare a batch, then answer each query with its prepared value: the same bytes as answering
     * it alone, also when the table changed between the two (the prepared value is the name's hash, not a place).
     */
    @Test
    void preparedBatchesAnswerByteForByteAsSingleQueries() throws Exception {
        var change = Fixtures.change(7, 8, Fixtures.zone("example.test.",
                Fixtures.rrset("www.example.test.", "A", 60, "192.0.2.77"),
                Fixtures.rrset("new.deep.example.test.", "AAAA", 60, "2001:db8::77")));
        AnswerTable next = AnswerPrecompiler.compile(FeedCodec.applyChange(TABLE.state(), change).state(), TABLE);
        Random random = new Random(11);
        byte[][] batch = new byte[32][];
        int[] lengths = new int[32];
        long[] prepared = new long[32];
        long[] slots = new long[32];
        byte[] alone = new byte[WireResolver.MAX_ANSWER];
        byte[] reused = new byte[WireResolver.MAX_ANSWER];
        int answered = 0;
        for (int round = 0; round < 600; round++) {
            int count = 1 + random.nextInt(32);
            for (int i = 0; i < count; i++) {
                byte[] wire = randomQuery(random).toWire();
                batch[i] = java.util.Arrays.copyOf(wire, wire.length + random.nextInt(8)); // dirty tail, as reused
                lengths[i] = wire.length;
            }
            AnswerTable preparedWith = random.nextBoolean() ? TABLE : next;
            AnswerTable answeredWith = random.nextInt(4) == 0 ? (preparedWith == TABLE ? next : TABLE) : preparedWith;
            WireResolver.prepare(preparedWith.wire(), batch, lengths, count, prepared, slots);
            for (int i = 0; i < count; i++) {
                boolean udp = random.nextBoolean();
                java.util.Arrays.fill(reused, (byte) 0x5A);
                int expected = WireResolver.answerInto(answeredWith.wire(), batch[i], lengths[i], 1232, udp, alone);
                int n = WireResolver.answerInto(answeredWith.wire(), batch[i], lengths[i], 1232, udp, reused, prepared[i]);
                assertEquals(expected, n, "declined alike");
                if (n >= 0) {
                    assertArrayEquals(java.util.Arrays.copyOf(alone, n), java.util.Arrays.copyOf(reused, n));
                    answered++;
                }
            }
        }
        assertTrue(answered > 1000, "enough prepared queries answered: " + answered);
    }

    @Test
    void answerIntoDeclinesWhenTheBufferIsTooSmall() throws Exception {
        byte[] wire = query("www.example.test.", Type.A).toWire();
        byte[] whole = WireResolver.answer(TABLE.wire(), wire, wire.length, 1232, true);
        assertNotNull(whole);
        assertEquals(-1, WireResolver.answerInto(TABLE.wire(), wire, wire.length, 1232, true, new byte[whole.length - 1]));
        byte[] exact = new byte[whole.length];
        assertEquals(whole.length, WireResolver.answerInto(TABLE.wire(), wire, wire.length, 1232, true, exact));
        assertArrayEquals(whole, exact);
    }

    @Test
    void commonQueriesTakeTheFastPath() throws Exception {
        assertNotNull(fast(query("WWW.example.TEST.", Type.A)));
        assertNotNull(fast(query("alias.example.test.", Type.AAAA)));
        assertNotNull(fast(query("never.example.test.", Type.A)), "NXDOMAIN in a zone without wildcards or cuts");
        Message edns = query("www.example.test.", Type.A);
        edns.addRecord(new OPTRecord(4096, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        Message parsed = new Message(fast(edns));
        assertEquals(ExtendedFlags.DO, parsed.getOPT().getFlags());
        assertEquals(1232, parsed.getOPT().getPayloadSize());
    }

    @Test
    void declinesWhatItCannotAnswerExactly() throws Exception {
        assertNull(fast(query("never.wild.test.", Type.A)), "wildcards need the resolver");
        assertNull(fast(query("www.example.test.", Type.ANY)));
        assertNull(fast(query("www.example.test.", Type.MX)), "NODATA is not precompiled");
        Message cd = query("www.example.test.", Type.A);
        cd.getHeader().setFlag(Flags.CD);
        assertNull(fast(cd));
        Message badvers = query("www.example.test.", Type.A);
        badvers.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
        assertNull(fast(badvers));
    }

    private static byte[] fast(Message query) {
        return fast(TABLE, query);
    }

    private static byte[] fast(AnswerTable table, Message query) {
        byte[] wire = query.toWire();
        return WireResolver.answer(table.wire(), wire, wire.length, 1232, true);
    }

    private static Message query(String name, int type) throws Exception {
        Message q = new Message(1234);
        q.addRecord(Record.newRecord(Name.fromString(name), type, DClass.IN), Section.QUESTION);
        return q;
    }

    private static Message randomQuery(Random random) throws Exception {
        String name = NAMES.get(random.nextInt(NAMES.size()));
        StringBuilder mixed = new StringBuilder();
        for (char c : name.toCharArray()) {
            mixed.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        Message q = new Message(random.nextInt(0x10000));
        if (random.nextBoolean()) {
            q.getHeader().setFlag(Flags.RD);
        }
        q.addRecord(Record.newRecord(Name.fromString(mixed.toString()), TYPES[random.nextInt(TYPES.length)],
                random.nextInt(10) == 0 ? DClass.CH : DClass.IN), Section.QUESTION);
        if (random.nextBoolean()) {
            int payload = List.of(0, 100, 512, 600, 1232, 4096).get(random.nextInt(6));
            q.addRecord(new OPTRecord(payload, 0, 0, random.nextBoolean() ? ExtendedFlags.DO : 0), Section.ADDITIONAL);
        }
        return q;
    }
}
