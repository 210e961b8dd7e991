package dev.vigil.dnsnode.resolve;

import static dev.vigil.dnsnode.Fixtures.exampleTable;
import static dev.vigil.dnsnode.Fixtures.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dnsnode.Fixtures;
import dev.vigil.dnsnode.store.AnswerTable;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

@Timeout(10)
class ResolverTest {

    private static final AnswerTable TABLE = exampleTable();

    /** qname, qtype, rcode, AA, answer section ("owner TYPE rdata"), SOA TTL in authority (null: no SOA). */
    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("www.example.test.", "A", Rcode.NOERROR, true,
                        List.of("www.example.test. A 192.0.2.1", "www.example.test. A 192.0.2.2"), null),
                Arguments.of("www.example.test.", "AAAA", Rcode.NOERROR, true,
                        List.of("www.example.test. AAAA 2001:db8:0:0:0:0:0:1"), null),
                Arguments.of("example.test.", "MX", Rcode.NOERROR, true,
                        List.of("example.test. MX 10 mail.example.test."), null),
                Arguments.of("txt.example.test.", "TXT", Rcode.NOERROR, true,
                        List.of("txt.example.test. TXT \"hello world\""), null),
                Arguments.of("example.test.", "NS", Rcode.NOERROR, true,
                        List.of("example.test. NS ns1.example.test.", "example.test. NS ns2.example.test."), null),
                Arguments.of("example.test.", "SOA", Rcode.NOERROR, true,
                        List.of("example.test. SOA ns1.example.test. hostmaster.example.test. 1 3600 600 86400 60"), null),
                // CNAME chains are followed inside the zone
                Arguments.of("alias.example.test.", "A", Rcode.NOERROR, true,
                        List.of("alias.example.test. CNAME www.example.test.",
                                "www.example.test. A 192.0.2.1", "www.example.test. A 192.0.2.2"), null),
                Arguments.of("chain.example.test.", "AAAA", Rcode.NOERROR, true,
                        List.of("chain.example.test. CNAME alias.example.test.",
                                "alias.example.test. CNAME www.example.test.",
                                "www.example.test. AAAA 2001:db8:0:0:0:0:0:1"), null),
                Arguments.of("alias.example.test.", "CNAME", Rcode.NOERROR, true,
                        List.of("alias.example.test. CNAME www.example.test."), null),
                // a loop stops once every name has been visited
                Arguments.of("loop1.example.test.", "A", Rcode.NOERROR, true,
                        List.of("loop1.example.test. CNAME loop2.example.test.",
                                "loop2.example.test. CNAME loop1.example.test."), null),
                // out-of-zone target: the client continues from the CNAME
                Arguments.of("ext.example.test.", "A", Rcode.NOERROR, true,
                        List.of("ext.example.test. CNAME www.elsewhere.invalid."), null),
                // dangling in-zone target: NXDOMAIN for the last name (RFC 6604), CNAME kept
                Arguments.of("dangling.example.test.", "A", Rcode.NXDOMAIN, true,
                        List.of("dangling.example.test. CNAME nothing.example.test."), 60L),
                // a CNAME chain ending at a name without the type: NODATA
                Arguments.of("alias.example.test.", "TXT", Rcode.NOERROR, true,
                        List.of("alias.example.test. CNAME www.example.test."), 60L),
                // NODATA and NXDOMAIN carry the SOA with TTL min(3600, 60)
                Arguments.of("www.example.test.", "MX", Rcode.NOERROR, true, List.of(), 60L),
                Arguments.of("missing.example.test.", "A", Rcode.NXDOMAIN, true, List.of(), 60L),
                Arguments.of("x.www.example.test.", "A", Rcode.NXDOMAIN, true, List.of(), 60L),
                // empty non-terminals exist: NODATA, not NXDOMAIN
                Arguments.of("deep.example.test.", "A", Rcode.NOERROR, true, List.of(), 60L),
                Arguments.of("b.deep.example.test.", "A", Rcode.NOERROR, true, List.of(), 60L),
                Arguments.of("a.b.deep.example.test.", "A", Rcode.NOERROR, true,
                        List.of("a.b.deep.example.test. A 192.0.2.9"), null),
                // longest suffix wins: the child zone answers, with its own SOA (TTL min(30, 300))
                Arguments.of("www.sub.example.test.", "A", Rcode.NOERROR, true,
                        List.of("www.sub.example.test. A 198.51.100.7"), null),
                Arguments.of("nope.sub.example.test.", "A", Rcode.NXDOMAIN, true, List.of(), 30L),
                // case-insensitive lookup
                Arguments.of("WwW.ExAmPlE.TeSt.", "A", Rcode.NOERROR, true,
                        List.of("www.example.test. A 192.0.2.1", "www.example.test. A 192.0.2.2"), null),
                // outside every zone
                Arguments.of("www.example.org.", "A", Rcode.REFUSED, false, List.of(), null),
                Arguments.of("test.", "SOA", Rcode.REFUSED, false, List.of(), null),
                // zone transfers are not served
                Arguments.of("example.test.", "AXFR", Rcode.REFUSED, false, List.of(), null));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("answers")
    void answersFromTheTable(String qname, String qtype, int rcode, boolean aa, List<String> answer, Long soaTtl) {
        Message response = Resolver.resolve(query(qname, qtype), TABLE);

        assertEquals(Rcode.string(rcode), Rcode.string(response.getRcode()));
        assertEquals(aa, response.getHeader().getFlag(Flags.AA), "AA");
        assertTrue(response.getHeader().getFlag(Flags.QR), "QR");
        assertEquals(answer, summary(response.getSection(Section.ANSWER)));
        List<Record> authority = response.getSection(Section.AUTHORITY);
        if (soaTtl == null) {
            assertTrue(authority.isEmpty(), "no authority expected: " + authority);
        } else {
            assertEquals(1, authority.size(), "SOA in authority");
            assertEquals(Type.SOA, authority.getFirst().getType());
            assertEquals(soaTtl, authority.getFirst().getTTL());
        }
        assertTrue(reparse(response).getHeader().getFlag(Flags.QR));
    }

    @Test
    void negativeTtlIsSoaTtlWhenSmallerThanMinimum() {
        AnswerTable table = Fixtures.table(Fixtures.full(3,
                Fixtures.zone("short.test.", Fixtures.soa("short.test.", 20, 900))));
        Message response = Resolver.resolve(query("none.short.test.", "A"), table);
        assertEquals(Rcode.NXDOMAIN, response.getRcode());
        assertEquals(20, response.getSection(Section.AUTHORITY).getFirst().getTTL());
    }

    @Test
    void anyQueryReturnsOneRRsetPerRfc8482() {
        Message response = Resolver.resolve(query("www.example.test.", "ANY"), TABLE);
        assertEquals(Rcode.NOERROR, response.getRcode());
        assertTrue(response.getHeader().getFlag(Flags.AA));
        List<Record> answer = response.getSection(Section.ANSWER);
        assertEquals(2, answer.size(), "the two A records, one RRset: " + answer);
        assertTrue(answer.stream().allMatch(r -> r.getType() == Type.A));
    }

    @Test
    void emptyTableRefusesEverything() {
        Message response = Resolver.resolve(query("www.example.test.", "A"), AnswerTable.EMPTY);
        assertEquals(Rcode.REFUSED, response.getRcode());
    }

    @Test
    void otherOpcodesAreNotImplemented() {
        Message q = query("www.example.test.", "A");
        q.getHeader().setOpcode(Opcode.NOTIFY);
        Message response = Resolver.resolve(q, TABLE);
        assertEquals(Rcode.NOTIMP, response.getRcode());
        assertEquals(Opcode.NOTIFY, response.getHeader().getOpcode());
        assertTrue(response.getSection(Section.ANSWER).isEmpty());
    }

    @Test
    void otherClassesAreRefused() throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString("www.example.test."), Type.A, DClass.CH));
        assertEquals(Rcode.REFUSED, Resolver.resolve(q, TABLE).getRcode());
    }

    @Test
    void questionCountOtherThanOneIsFormErr() throws Exception {
        Message none = new Message(42);
        assertEquals(Rcode.FORMERR, Resolver.resolve(none, TABLE).getRcode());

        Message two = query("www.example.test.", "A");
        two.addRecord(Record.newRecord(Name.fromString("txt.example.test."), Type.TXT, DClass.IN), Section.QUESTION);
        Message response = Resolver.resolve(two, TABLE);
        assertEquals(Rcode.FORMERR, response.getRcode());
        assertEquals(two.getHeader().getID(), response.getHeader().getID());
    }

    @Test
    void echoesTheQuestionCaseAndIdAndRd() {
        Message q = query("WWW.Example.TEST.", "A");
        Message response = Resolver.resolve(q, TABLE);
        Message parsed = reparse(response);
        assertEquals("WWW.Example.TEST.", parsed.getQuestion().getName().toString());
        assertEquals(q.getHeader().getID(), parsed.getHeader().getID());
        assertTrue(parsed.getHeader().getFlag(Flags.RD));
        assertFalse(parsed.getHeader().getFlag(Flags.RA));
    }

    @Test
    void noOptInTheResponseWithoutOneInTheQuery() {
        Message response = Resolver.resolve(query("www.example.test.", "A"), TABLE);
        assertNull(reparse(response).getOPT());
        assertEquals(512, Resolver.udpLimit(query("www.example.test.", "A")));
    }

    static Stream<Arguments> payloads() {
        return Stream.of(
                Arguments.of(4096, 1232),
                Arguments.of(1232, 1232),
                Arguments.of(1000, 1000),
                Arguments.of(100, 512));
    }

    @ParameterizedTest(name = "client {0} -> {1}")
    @MethodSource("payloads")
    void honoursTheClientPayloadCappedAt1232AndAtLeast512(int clientPayload, int limit) {
        Message q = query("www.example.test.", "A");
        q.addRecord(new OPTRecord(clientPayload, 0, 0, 0), Section.ADDITIONAL);
        Message response = reparse(Resolver.resolve(q, TABLE));
        assertNotNull(response.getOPT());
        assertEquals(1232, response.getOPT().getPayloadSize(), "we advertise our own maximum");
        assertEquals(Rcode.NOERROR, response.getRcode());
        assertEquals(limit, Resolver.udpLimit(q));
    }

    @Test
    void ednsVersionAboveZeroIsBadvers() {
        Message q = query("www.example.test.", "A");
        q.addRecord(new OPTRecord(1232, 0, 1, 0), Section.ADDITIONAL);
        Message response = reparse(Resolver.resolve(q, TABLE));
        assertEquals(Rcode.BADVERS, response.getRcode());
        assertEquals(0, response.getOPT().getVersion());
        assertTrue(response.getSection(Section.ANSWER).isEmpty());
    }

    private static List<String> summary(List<Record> records) {
        return records.stream()
                .map(r -> r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString())
                .toList();
    }

    private static Message reparse(Message m) {
        try {
            return new Message(m.toWire());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
