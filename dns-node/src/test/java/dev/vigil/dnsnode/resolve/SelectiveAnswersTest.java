package dev.vigil.dnsnode.resolve;

import static dev.vigil.dnsnode.SelectiveFixtures.ORIGIN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dnsnode.Fixtures;
import dev.vigil.dnsnode.SelectiveFixtures;
import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.FeedCodec;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Per-query answers: the client's label from ECS or the source address, the scope echoed, CNAME variants followed,
 * static CNAMEs into per-query names, NODATA choices, wildcards, ANY — the precompiled path and the resolver agree.
 */
@Timeout(60)
class SelectiveAnswersTest {

    static final AnswerTable TABLE = AnswerPrecompiler.compile(FeedCodec.fromSnapshot(SelectiveFixtures.full(3)).state());
    private static final InetAddress US_RESOLVER = address("10.1.9.9");
    private static final InetAddress OTHER_RESOLVER = address("192.0.2.200");

    /** name, type, ECS (null: none), source address, expected answer records, expected ECS scope (-1: no ECS). */
    static Stream<Arguments> cases() {
        String o = ORIGIN;
        return Stream.of(
                Arguments.of("eu subnet by ECS", "geo." + o, "A", "10.2.3.0/24", OTHER_RESOLVER, List.of("geo.sel.test. 60 A 198.51.100.1"), 8),
                Arguments.of("us subnet nested in eu", "geo." + o, "A", "10.1.2.0/24", OTHER_RESOLVER, List.of("geo.sel.test. 60 A 198.51.100.2"), 16),
                Arguments.of("scope capped at the source prefix", "geo." + o, "A", "10.0.0.0/7", US_RESOLVER, List.of("geo.sel.test. 60 A 198.51.100.1"), 7),
                Arguments.of("uncovered subnet: fallback, scope = source", "geo." + o, "A", "192.0.2.0/24", US_RESOLVER, List.of("geo.sel.test. 30 A 198.51.100.3"), 24),
                Arguments.of("IPv6 ECS", "geo." + o, "A", "2001:db8:42::/48", OTHER_RESOLVER, List.of("geo.sel.test. 60 A 198.51.100.1"), 32),
                Arguments.of("ECS /0: the source address decides, scope 0", "geo." + o, "A", "0.0.0.0/0", US_RESOLVER, List.of("geo.sel.test. 60 A 198.51.100.2"), 0),
                Arguments.of("no ECS: the source address", "geo." + o, "A", null, US_RESOLVER, List.of("geo.sel.test. 60 A 198.51.100.2"), -1),
                Arguments.of("no ECS, uncovered source: fallback", "geo." + o, "A", null, OTHER_RESOLVER, List.of("geo.sel.test. 30 A 198.51.100.3"), -1),
                Arguments.of("static type at a per-query name, ECS scope 0", "geo." + o, "AAAA", "10.1.2.0/24", OTHER_RESOLVER, List.of("geo.sel.test. 60 AAAA 2001:db8:0:0:0:0:0:53"), 0),
                Arguments.of("CNAME variant followed in the zone", "cn." + o, "A", "10.1.0.0/16", OTHER_RESOLVER,
                        List.of("cn.sel.test. 120 CNAME b.sel.test.", "b.sel.test. 60 A 192.0.2.20"), 16),
                Arguments.of("CNAME variant, the other label", "cn." + o, "A", "10.9.0.0/16", OTHER_RESOLVER,
                        List.of("cn.sel.test. 120 CNAME a.sel.test.", "a.sel.test. 60 A 192.0.2.10"), 8),
                Arguments.of("static CNAME into a per-query name", "alias." + o, "A", "10.1.0.0/16", OTHER_RESOLVER,
                        List.of("alias.sel.test. 300 CNAME geo.sel.test.", "geo.sel.test. 60 A 198.51.100.2"), 16),
                Arguments.of("empty choice: NODATA", "none." + o, "A", "10.2.0.0/16", OTHER_RESOLVER, List.of(), 8),
                Arguments.of("the same name for other clients", "none." + o, "A", "10.1.0.0/16", OTHER_RESOLVER, List.of("none.sel.test. 60 A 192.0.2.99"), 16),
                Arguments.of("weighted without a map: scope 0", "w." + o, "A", "10.1.0.0/16", OTHER_RESOLVER, null, 0),
                Arguments.of("per-query wildcard", "x.wild." + o, "A", "10.1.0.0/16", OTHER_RESOLVER, List.of("x.wild.sel.test. 60 A 192.0.2.2"), 16),
                Arguments.of("per-query wildcard, fallback", "y.wild." + o, "A", "10.2.0.0/16", OTHER_RESOLVER, List.of("y.wild.sel.test. 60 A 192.0.2.1"), 8),
                Arguments.of("ANY: one RRset, picked", "geo." + o, "ANY", "10.1.0.0/16", OTHER_RESOLVER, List.of("geo.sel.test. 60 A 198.51.100.2"), 16),
                Arguments.of("static name with ECS: scope 0", "a." + o, "A", "10.1.0.0/16", OTHER_RESOLVER, List.of("a.sel.test. 60 A 192.0.2.10"), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersPerClientWithTheScopeEchoed(String rule, String name, String type, String ecs, InetAddress source,
                                           List<String> expected, int scope) throws Exception {
        Message query = query(name, type, ecs);
        byte[] wire = query.toWire();
        Message slow = new Message(Resolver.resolve(query, TABLE, Resolver.MAX_UDP_PAYLOAD, source, new SplittableRandom(1))
                .toWire()); // as a client reads it
        byte[] fast = SelectiveResolver.answer(TABLE, wire, wire.length, Resolver.MAX_UDP_PAYLOAD, true, source, new SplittableRandom(1));
        for (Message m : fast == null ? List.of(slow) : List.of(slow, new Message(fast))) {
            assertEquals(Rcode.NOERROR, m.getRcode(), rule);
            if (expected != null) {
                assertEquals(expected, answers(m), rule);
            }
            if (expected != null && expected.isEmpty()) {
                assertEquals(Type.SOA, m.getSection(Section.AUTHORITY).getFirst().getType(), rule + ": NODATA carries the SOA");
            }
            assertEquals(scope, scope(m), rule);
        }
        if (fast != null) {
            assertArrayEquals(slow.toWire(), fast, rule + ": both paths give the same bytes");
        }
    }

    @Test
    void thePrecompiledPathServesEveryPerQueryNameAndTheStaticIndexNone() throws Exception {
        for (String name : List.of("geo.", "cn.", "alias.", "none.", "w.")) {
            byte[] wire = query(name + ORIGIN, "A", "10.1.0.0/16").toWire();
            assertNull(WireResolver.answer(TABLE.wire(), wire, wire.length, 1232, true), name + " never from the static index");
            assertNotNull(SelectiveResolver.answer(TABLE, wire, wire.length, 1232, true, OTHER_RESOLVER, new SplittableRandom(2)),
                    name + " precompiled per variant");
        }
        byte[] aaaa = query("geo." + ORIGIN, "AAAA", null).toWire();
        assertNotNull(WireResolver.answer(TABLE.wire(), aaaa, aaaa.length, 1232, true), "the static type stays on the fast path");
    }

    @Test
    void staticAnswersAskedWithEcsComeFromThePrecompiledIndexWithScopeZero() throws Exception {
        AnswerTable table = AnswerPrecompiler.compile(FeedCodec.fromSnapshot(
                Fixtures.full(7, Fixtures.exampleZone(), Fixtures.childZone(), Fixtures.wildZone())).state());
        int served = 0;
        for (String name : List.of("www.example.test.", "alias.example.test.", "chain.example.test.", "txt.example.test.",
                "example.test.", "www.sub.example.test.", "host.wild.test.", "foo.wild.test.", "missing.example.test.",
                "deep.example.test.", "www.child.wild.test.")) {
            for (String type : List.of("A", "AAAA", "TXT", "MX", "NS", "SOA", "CNAME")) {
                for (String subnet : List.of("10.1.2.0/24", "2001:db8::/32", "0.0.0.0/0")) {
                    byte[] wire = query(name, type, subnet).toWire();
                    byte[] fast = SelectiveResolver.answer(table, wire, wire.length, 1232, true, OTHER_RESOLVER, new SplittableRandom(1));
                    byte[] slow = Resolver.resolve(new Message(wire), table, 1232, OTHER_RESOLVER, new SplittableRandom(1)).toWire(1232);
                    if (fast != null) {
                        served++;
                        assertArrayEquals(slow, fast, name + " " + type + " " + subnet);
                        assertEquals(0, scope(new Message(fast)));
                    }
                }
            }
        }
        assertTrue(served >= 40, "the static answers asked with ECS take the precompiled path: " + served);
    }

    @Test
    void theEchoedOptionIsByteExact() throws Exception {
        byte[] wire = query("GeO." + ORIGIN, "A", "10.1.2.0/24").toWire();
        byte[] out = SelectiveResolver.answer(TABLE, wire, wire.length, 1232, true, OTHER_RESOLVER, new SplittableRandom(3));
        // OPT: root, type 41, payload 1232, rcode/version 0, flags 0, RDLENGTH 11; ECS: code 8, length 7,
        // FAMILY 1, SOURCE 24, SCOPE 16, ADDRESS 10.1.2.
        String opt = "00" + "0029" + "04d0" + "00" + "00" + "0000" + "000b" + "0008" + "0007" + "0001" + "18" + "10" + "0a0102";
        String hex = HexFormat.of().formatHex(out);
        assertTrue(hex.endsWith(opt), hex);
        assertEquals("GeO", new String(out, 13, 3), "the question's case");
        assertEquals(wire[0], out[0]);
        assertEquals(wire[1], out[1]);
    }

    @Test
    void weightedPicksFollowTheWeights() throws Exception {
        int[] counts = new int[2];
        SplittableRandom random = new SplittableRandom(20261121);
        byte[] wire = query("w." + ORIGIN, "A", null).toWire();
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            Message m = new Message(SelectiveResolver.answer(TABLE, wire, wire.length, 1232, true, OTHER_RESOLVER, random));
            counts[answers(m).getFirst().endsWith("203.0.113.1") ? 0 : 1]++;
        }
        assertChiSquareBelow(counts, new double[] {0.25, 0.75}, n, 10.83); // df 1, p = 0.001
    }

    @Test
    void weightedPicksOnTheResolverPathFollowTheWeightsToo() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        Message query = query("x." + ORIGIN, "A", null);
        var update = Fixtures.full(4, SelectiveFixtures.zone().toBuilder().addSelectiveUpserts(SelectiveFixtures.selective(
                "x." + ORIGIN, "A", "", java.util.Map.of(), SelectiveFixtures.choice(0, 2, 1, 1, 2, 7),
                SelectiveFixtures.variant("x." + ORIGIN, "A", 60, "192.0.2.1"),
                SelectiveFixtures.variant("x." + ORIGIN, "A", 60, "192.0.2.2"),
                SelectiveFixtures.variant("x." + ORIGIN, "A", 60, "192.0.2.3"))).build()).toBuilder()
                .addClientMaps(SelectiveFixtures.geoMap()).build();
        AnswerTable table = AnswerPrecompiler.compile(FeedCodec.fromSnapshot(update).state());
        int[] three = new int[3];
        int n = 30_000;
        for (int i = 0; i < n; i++) {
            String a = answers(Resolver.resolve(query, table, 1232, OTHER_RESOLVER, random)).getFirst();
            three[a.charAt(a.length() - 1) - '1']++;
        }
        assertChiSquareBelow(three, new double[] {0.2, 0.1, 0.7}, n, 13.82); // df 2, p = 0.001
    }

    private static void assertChiSquareBelow(int[] counts, double[] p, int n, double critical) {
        double chi = 0;
        for (int i = 0; i < counts.length; i++) {
            double expected = n * p[i];
            chi += (counts[i] - expected) * (counts[i] - expected) / expected;
        }
        assertTrue(chi < critical, "chi-square " + chi + " for " + java.util.Arrays.toString(counts));
    }

    static Message query(String name, String type, String ecs) throws Exception {
        Message q = Fixtures.query(name, type);
        if (ecs != null) {
            String[] cidr = ecs.split("/");
            EDNSOption option = new ClientSubnetOption(Integer.parseInt(cidr[1]), InetAddress.getByName(cidr[0]));
            q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(option)), Section.ADDITIONAL);
        }
        return q;
    }

    static List<String> answers(Message m) {
        return m.getSection(Section.ANSWER).stream()
                .map(r -> r.getName().toString().toLowerCase() + " " + r.getTTL() + " " + Type.string(r.getType()) + " " + r.rdataToString())
                .toList();
    }

    /** The response's ECS scope, or -1 when it has no ECS option. */
    static int scope(Message m) {
        OPTRecord opt = m.getOPT();
        if (opt == null || opt.getOptions(EDNSOption.Code.CLIENT_SUBNET).isEmpty()) {
            return -1;
        }
        return ((ClientSubnetOption) opt.getOptions(EDNSOption.Code.CLIENT_SUBNET).getFirst()).getScopePrefixLength();
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
