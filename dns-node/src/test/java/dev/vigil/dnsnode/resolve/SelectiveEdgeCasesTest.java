package dev.vigil.dnsnode.resolve;

import static dev.vigil.dnsnode.SelectiveFixtures.ORIGIN;
import static dev.vigil.dnsnode.SelectiveFixtures.choice;
import static dev.vigil.dnsnode.SelectiveFixtures.selective;
import static dev.vigil.dnsnode.SelectiveFixtures.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.dnsnode.Fixtures;
import dev.vigil.dnsnode.SelectiveFixtures;
import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.FeedCodec;
import dev.vigil.dnsnode.wire.QueryHandler;
import dev.vigil.dnsnode.wire.QueryObserver;
import dev.vigil.dnsnode.wire.Transport;
import dev.vigil.proto.feed.v1.SelectiveRRset;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Per-query RRsets in odd places, through the whole query handler (UDP and TCP): no variant at all, a CNAME loop
 * through a per-query CNAME, a chain through two per-query RRsets, the apex, glue below a zone cut.
 */
@Timeout(30)
class SelectiveEdgeCasesTest {

    private static final String O = ORIGIN;
    private static final AnswerTable TABLE = AnswerPrecompiler.compile(FeedCodec.fromSnapshot(Fixtures.full(2,
            SelectiveFixtures.zone().toBuilder()
                    .addSelectiveUpserts(SelectiveRRset.newBuilder().setName("empty." + O).setType(Type.A).build())
                    .addSelectiveUpserts(selective("l1." + O, "CNAME", "", Map.of(), choice(0, 1), variant("l1." + O, "CNAME", 30, "l2." + O)))
                    .addUpserts(Fixtures.rrset("l2." + O, "CNAME", 30, "l1." + O))
                    .addSelectiveUpserts(selective("c1." + O, "CNAME", "geo", Map.of(0, choice(0, 1)), choice(1, 1),
                            variant("c1." + O, "CNAME", 30, "geo." + O), variant("c1." + O, "CNAME", 30, "w." + O)))
                    .addSelectiveUpserts(selective(O, "A", "", Map.of(), choice(0, 1), variant(O, "A", 60, "192.0.2.250")))
                    .addUpserts(Fixtures.rrset("child." + O, "NS", 3600, "ns.child." + O))
                    .addSelectiveUpserts(selective("ns.child." + O, "A", "geo", Map.of(1, choice(1, 1)), choice(0, 1),
                            variant("ns.child." + O, "A", 60, "192.0.2.61"), variant("ns.child." + O, "A", 60, "192.0.2.62")))
                    .build()).toBuilder().addClientMaps(SelectiveFixtures.geoMap()).build()).state());

    /** name, type, ECS, rcode, answer section (sorted, lower case), AA, ECS scope (-1: none expected). */
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no variant: NODATA", "empty." + O, "A", "10.1.0.0/16", Rcode.NOERROR, List.of(), true, 0),
                Arguments.of("no variant: the name exists for other types", "empty." + O, "AAAA", null, Rcode.NOERROR, List.of(), true, -1),
                Arguments.of("no variant: below it is NXDOMAIN", "x.empty." + O, "A", null, Rcode.NXDOMAIN, List.of(), true, -1),
                Arguments.of("loop through a per-query CNAME", "l1." + O, "A", null, Rcode.NOERROR,
                        List.of("l1.sel.test. 30 CNAME l2.sel.test.", "l2.sel.test. 30 CNAME l1.sel.test."), true, -1),
                Arguments.of("chain through two per-query RRsets: the longest scope", "c1." + O, "A", "10.1.0.0/16", Rcode.NOERROR,
                        List.of("c1.sel.test. 30 CNAME w.sel.test."), true, 16),
                Arguments.of("chain through two per-query RRsets, eu", "c1." + O, "A", "10.2.0.0/16", Rcode.NOERROR,
                        List.of("c1.sel.test. 30 CNAME geo.sel.test.", "geo.sel.test. 60 A 198.51.100.1"), true, 8),
                Arguments.of("per-query apex", O, "A", null, Rcode.NOERROR, List.of("sel.test. 60 A 192.0.2.250"), true, -1),
                Arguments.of("apex SOA stays static", O, "SOA", null, Rcode.NOERROR, null, true, -1),
                Arguments.of("referral with per-query glue", "www.child." + O, "A", "10.1.0.0/16", Rcode.NOERROR, List.of(), false, 16));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersWithoutFailing(String rule, String name, String type, String ecs, int rcode, List<String> answer,
                               boolean aa, int scope) throws Exception {
        QueryHandler handler = new QueryHandler(() -> TABLE, new QueryObserver() {
            @Override
            public void answered(Transport transport, int rcode) {}

            @Override
            public void malformed(Transport transport) {}

            @Override
            public void failed(Transport transport, Throwable error) {
                throw new AssertionError(rule, error);
            }
        }, 1232);
        byte[] query = SelectiveAnswersTest.query(name, type, ecs).toWire();
        for (Transport transport : Transport.values()) {
            Message m = new Message(handler.handle(query, transport, InetAddress.getByName("192.0.2.200")));
            assertEquals(rcode, m.getRcode(), rule);
            if (answer != null) {
                List<String> got = SelectiveAnswersTest.answers(m);
                if (rule.contains("two per-query") && rule.endsWith("scope")) {
                    got = got.subList(0, 1); // then w's weighted pick
                }
                assertEquals(answer, got, rule);
            }
            assertEquals(aa, m.getHeader().getFlag(Flags.AA), rule);
            assertEquals(scope, SelectiveAnswersTest.scope(m), rule);
            if (rule.startsWith("referral")) {
                assertEquals("192.0.2.62", m.getSection(Section.ADDITIONAL).stream().filter(r -> r.getType() == Type.A)
                        .findFirst().orElseThrow().rdataToString(), rule + ": us glue");
            }
        }
    }
}
