package dev.vigil.dnsnode.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dnsnode.Fixtures;
import dev.vigil.dnsnode.resolve.AnswerPrecompiler;
import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.FeedCodec;
import java.net.InetAddress;
import java.util.ArrayList;
import java.net.InetAddress;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Generator-based fuzzing of the whole query path (fast wire path, parser, resolver, encoder): valid queries are
 * mutated (bit flips, byte overwrites, compression pointers and loops, lying counts, truncation, trailing garbage)
 * and every result must be silence or a well-formed response with the query's ID that fits the transport —
 * never an exception, never a SERVFAIL from an unexpected failure. Bounded: a fixed seed and count, run in CI.
 */
@Timeout(120)
class QueryFuzzTest {

    private static final int PACKETS = 200_000;
    private static final AnswerTable TABLE = AnswerPrecompiler.compile(FeedCodec.fromSnapshot(
            Fixtures.full(9, Fixtures.exampleZone(), Fixtures.childZone(), Fixtures.wildZone())).state());

    @Test
    void mutatedPacketsNeverCrashAndAlwaysGetSilenceOrAWellFormedAnswer() throws Exception {
        fuzz(TABLE, seeds(), PACKETS);
    }

    /** Per-query answers (client maps, weights, CNAME variants, wildcards) with mutated ECS options. */
    @Test
    void mutatedQueriesForPerQueryAnswersNeverCrashEither() throws Exception {
        AnswerTable table = AnswerPrecompiler.compile(FeedCodec.fromSnapshot(
                dev.vigil.dnsnode.SelectiveFixtures.full(9)).state());
        fuzz(table, selectiveSeeds(), PACKETS / 2);
    }

    /** Queries for the per-query fixture's names, plain and with client subnets. */
    static List<byte[]> selectiveSeeds() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        String o = dev.vigil.dnsnode.SelectiveFixtures.ORIGIN;
        for (String name : new String[] {"geo." + o, "w." + o, "cn." + o, "alias." + o, "none." + o, "x.wild." + o}) {
            for (int type : new int[] {Type.A, Type.AAAA, Type.CNAME, Type.ANY}) {
                Message plain = new Message(0x4321);
                plain.addRecord(Record.newRecord(Name.fromString(name), type, DClass.IN), Section.QUESTION);
                seeds.add(plain.toWire());
                for (String subnet : new String[] {"10.1.2.0/24", "2001:db8:1::/48", "0.0.0.0/0", "10.0.0.0/7"}) {
                    Message ecs = plain.clone();
                    String[] cidr = subnet.split("/");
                    ecs.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(Integer.parseInt(cidr[1]),
                            InetAddress.getByName(cidr[0])))), Section.ADDITIONAL);
                    seeds.add(ecs.toWire());
                }
            }
        }
        return seeds;
    }

    private static void fuzz(AnswerTable table, List<byte[]> seeds, int packets) throws Exception {
        AtomicInteger failures = new AtomicInteger();
        QueryObserver observer = new QueryObserver() {
            @Override
            public void answered(Transport transport, int rcode) {}

            @Override
            public void malformed(Transport transport) {}

            @Override
            public void failed(Transport transport, Throwable error) {
                failures.incrementAndGet();
                throw new AssertionError("unexpected failure", error);
            }
        };
        QueryHandler handler = new QueryHandler(() -> table, observer, 1232);
        Random random = new Random(20261121L);
        int answered = 0;
        for (int i = 0; i < packets; i++) {
            byte[] packet = mutate(seeds.get(random.nextInt(seeds.size())), random);
            Transport transport = random.nextBoolean() ? Transport.UDP : Transport.TCP;
            byte[] response = handler.handle(packet, transport, InetAddress.getLoopbackAddress());
            if (response == null) {
                continue;
            }
            answered++;
            assertTrue(response.length >= 12, "a response has a header");
            assertEquals(packet[0], response[0], "ID echoed");
            assertEquals(packet[1], response[1], "ID echoed");
            assertTrue((response[2] & 0x80) != 0, "QR set");
            assertTrue(response.length <= (transport == Transport.UDP ? 1232 : 0xFFFF), "fits the transport");
            new Message(response); // parses
        }
        assertEquals(0, failures.get());
        assertTrue(answered > packets / 4, "most mutants still get an answer: " + answered);
    }

    static List<byte[]> seeds() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        String[] names = {"www.example.test.", "alias.example.test.", "nx.example.test.", "foo.wild.test.",
                "www.child.wild.test.", "x.sub.wild.test.", "www.example.org.", "version.vigil."};
        int[] types = {Type.A, Type.AAAA, Type.TXT, Type.ANY, Type.NS, Type.CNAME};
        for (String name : names) {
            for (int type : types) {
                Message plain = new Message(0x1234);
                plain.getHeader().setFlag(Flags.RD);
                plain.addRecord(Record.newRecord(Name.fromString(name), type, name.endsWith("vigil.") ? DClass.CH : DClass.IN),
                        Section.QUESTION);
                seeds.add(plain.toWire());
                Message edns = plain.clone();
                edns.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
                seeds.add(edns.toWire());
                Message ecs = plain.clone();
                ecs.addRecord(new OPTRecord(512, 0, 0, 0,
                        List.of(new ClientSubnetOption(24, InetAddress.getByName("192.0.2.0")))), Section.ADDITIONAL);
                seeds.add(ecs.toWire());
            }
        }
        return seeds;
    }

    static byte[] mutate(byte[] seed, Random random) {
        byte[] p = seed.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(8)) {
                case 0 -> p[random.nextInt(p.length)] ^= (byte) (1 << random.nextInt(8)); // bit flip
                case 1 -> p[random.nextInt(p.length)] = (byte) random.nextInt(256); // byte overwrite
                case 2 -> p = java.util.Arrays.copyOf(p, random.nextInt(p.length + 1)); // truncation
                case 3 -> { // trailing garbage
                    byte[] longer = java.util.Arrays.copyOf(p, p.length + 1 + random.nextInt(20));
                    for (int i = p.length; i < longer.length; i++) {
                        longer[i] = (byte) random.nextInt(256);
                    }
                    p = longer;
                }
                case 4 -> { // counts that lie
                    if (p.length >= 12) {
                        p[4 + 2 * random.nextInt(4) + 1] = (byte) random.nextInt(8);
                    }
                }
                case 5 -> { // a compression pointer, possibly to itself (a loop) or forward
                    if (p.length >= 14) {
                        int at = 12 + random.nextInt(p.length - 13);
                        int target = random.nextInt(p.length + 4);
                        p[at] = (byte) (0xC0 | (target >>> 8));
                        p[at + 1] = (byte) target;
                    }
                }
                case 6 -> { // label length out of range
                    if (p.length > 12) {
                        p[12 + random.nextInt(p.length - 12)] = (byte) (64 + random.nextInt(128));
                    }
                }
                default -> {
                    if (p.length > 2) {
                        p[2] = (byte) random.nextInt(256); // opcode, QR, flags
                    }
                }
            }
            if (p.length == 0) {
                break;
            }
        }
        return p;
    }
}
