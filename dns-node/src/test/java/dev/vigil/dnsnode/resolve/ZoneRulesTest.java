package dev.vigil.dnsnode.resolve;

import static dev.vigil.dnsnode.Fixtures.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dnsnode.Fixtures;
import dev.vigil.dnsnode.store.AnswerTable;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** Wildcards, delegations, ANY, unknown types, CHAOS version, EDNS DO and client subnet: golden answers. */
@Timeout(10)
class ZoneRulesTest {

    private static final AnswerTable TABLE = Fixtures.table(Fixtures.full(42, Fixtures.wildZone()));

    /** qname, qtype, rcode, AA, answer, authority, additional ("owner TYPE rdata" each, TTLs in authority). */
    static Stream<Arguments> golden() {
        String soa = "wild.test. 60 SOA ns1.wild.test. hostmaster.wild.test. 1 3600 600 86400 60";
        List<String> referral = List.of("child.wild.test. 86400 NS ns.child.wild.test.",
                "child.wild.test. 86400 NS ns1.wild.test.");
        List<String> glue = List.of("ns.child.wild.test. 86400 A 192.0.2.60",
                "ns.child.wild.test. 86400 AAAA 2001:db8:0:0:0:0:0:60", "ns1.wild.test. 3600 A 192.0.2.53");
        return Stream.of(
                // wildcard synthesis: the owner is the query name, at any depth below the closest encloser
                Arguments.of("foo.wild.test.", "A", Rcode.NOERROR, true, List.of("foo.wild.test. 300 A 192.0.2.100"), List.of(), List.of()),
                Arguments.of("x.y.wild.test.", "TXT", Rcode.NOERROR, true, List.of("x.y.wild.test. 300 TXT \"wild\""), List.of(), List.of()),
                Arguments.of("foo.wild.test.", "MX", Rcode.NOERROR, true, List.of(), List.of(soa), List.of()),
                // an existing name never matches the wildcard
                Arguments.of("host.wild.test.", "TXT", Rcode.NOERROR, true, List.of(), List.of(soa), List.of()),
                Arguments.of("host.wild.test.", "TYPE65000", Rcode.NOERROR, true, List.of(), List.of(soa), List.of()),
                // the literal wildcard name is an ordinary name
                Arguments.of("*.wild.test.", "A", Rcode.NOERROR, true, List.of("*.wild.test. 300 A 192.0.2.100"), List.of(), List.of()),
                // RFC 4592 closest encloser: b.wild.test. exists (empty non-terminal), so *.wild.test. does not apply below it
                Arguments.of("b.wild.test.", "A", Rcode.NOERROR, true, List.of(), List.of(soa), List.of()),
                Arguments.of("x.b.wild.test.", "A", Rcode.NXDOMAIN, true, List.of(), List.of(soa), List.of()),
                // a wildcard CNAME is synthesized and followed
                Arguments.of("x.sub.wild.test.", "A", Rcode.NOERROR, true,
                        List.of("x.sub.wild.test. 300 CNAME host.wild.test.", "host.wild.test. 300 A 192.0.2.1"), List.of(), List.of()),
                Arguments.of("sub.wild.test.", "A", Rcode.NOERROR, true, List.of(), List.of(soa), List.of()),
                // delegation: referral without AA, NS in authority, in-zone addresses of the servers as glue
                Arguments.of("www.child.wild.test.", "A", Rcode.NOERROR, false, List.of(), referral, glue),
                Arguments.of("child.wild.test.", "A", Rcode.NOERROR, false, List.of(), referral, glue),
                Arguments.of("child.wild.test.", "NS", Rcode.NOERROR, false, List.of(), referral, glue),
                Arguments.of("ns.child.wild.test.", "A", Rcode.NOERROR, false, List.of(), referral, glue),
                Arguments.of("deep.x.child.wild.test.", "TXT", Rcode.NOERROR, false, List.of(), referral, glue),
                // DS belongs to the parent side of the cut
                Arguments.of("child.wild.test.", "DS", Rcode.NOERROR, true, List.of(), List.of(soa), List.of()),
                // ANY: one RRset (RFC 8482), here the synthesized A
                Arguments.of("any.wild.test.", "ANY", Rcode.NOERROR, true, List.of("any.wild.test. 300 A 192.0.2.100"), List.of(), List.of()),
                Arguments.of("wild.test.", "ANY", Rcode.NOERROR, true, List.of("wild.test. 3600 NS ns1.wild.test."), List.of(), List.of()));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("golden")
    void answersPerTheRfcs(String qname, String qtype, int rcode, boolean aa, List<String> answer, List<String> authority,
                           List<String> additional) {
        Message response = Resolver.resolve(query(qname, qtype), TABLE);
        assertEquals(Rcode.string(rcode), Rcode.string(response.getRcode()));
        assertEquals(aa, response.getHeader().getFlag(Flags.AA), "AA");
        assertEquals(answer, summary(response.getSection(Section.ANSWER)));
        assertEquals(authority, summary(response.getSection(Section.AUTHORITY)));
        assertEquals(additional, summary(response.getSection(Section.ADDITIONAL)).stream().sorted().toList());
    }

    @Test
    void chaosVersionQueryNamesTheServedVersion() throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString("VERSION.vigil."), Type.TXT, DClass.CH));
        Message response = Resolver.resolve(q, TABLE);
        assertEquals(Rcode.NOERROR, response.getRcode());
        TXTRecord txt = (TXTRecord) response.getSection(Section.ANSWER).getFirst();
        assertEquals(List.of("index=42", "term=1"), txt.getStrings());
        assertEquals(DClass.CH, txt.getDClass());

        Message other = Message.newQuery(Record.newRecord(Name.fromString("hostname.bind."), Type.TXT, DClass.CH));
        assertEquals(Rcode.REFUSED, Resolver.resolve(other, TABLE).getRcode());
        Message anyClass = Message.newQuery(Record.newRecord(Name.fromString("host.wild.test."), Type.A, DClass.ANY));
        assertEquals(Rcode.REFUSED, Resolver.resolve(anyClass, TABLE).getRcode());
    }

    @Test
    void clientSubnetIsEchoedWithScopeZero() throws Exception {
        Message q = query("host.wild.test.", "A");
        ClientSubnetOption ecs = new ClientSubnetOption(24, InetAddress.getByName("198.51.100.0"));
        q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(ecs)), Section.ADDITIONAL);
        Message response = new Message(Resolver.resolve(q, TABLE).toWire());
        List<EDNSOption> options = response.getOPT().getOptions(EDNSOption.Code.CLIENT_SUBNET);
        assertEquals(1, options.size());
        ClientSubnetOption echoed = (ClientSubnetOption) options.getFirst();
        assertEquals(24, echoed.getSourcePrefixLength());
        assertEquals(0, echoed.getScopePrefixLength());
        assertEquals(InetAddress.getByName("198.51.100.0"), echoed.getAddress());
        assertEquals(1, response.getSection(Section.ANSWER).size());
    }

    @Test
    void doAndCdAreEchoed() throws Exception {
        Message q = query("host.wild.test.", "A");
        q.getHeader().setFlag(Flags.CD);
        q.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        Message response = new Message(Resolver.resolve(q, TABLE).toWire());
        assertNotNull(response.getOPT());
        assertEquals(ExtendedFlags.DO, response.getOPT().getFlags() & ExtendedFlags.DO);
        assertTrue(response.getHeader().getFlag(Flags.CD));
    }

    static List<String> summary(List<Record> records) {
        return records.stream()
                .map(r -> r.getName() + " " + r.getTTL() + " " + Type.string(r.getType()) + " " + r.rdataToString())
                .toList();
    }
}
