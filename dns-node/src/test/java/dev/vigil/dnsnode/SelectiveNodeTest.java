package dev.vigil.dnsnode;

import static dev.vigil.dnsnode.Fixtures.await;
import static dev.vigil.dnsnode.SelectiveFixtures.ORIGIN;
import static dev.vigil.dnsnode.SelectiveFixtures.choice;
import static dev.vigil.dnsnode.SelectiveFixtures.map;
import static dev.vigil.dnsnode.SelectiveFixtures.selective;
import static dev.vigil.dnsnode.SelectiveFixtures.variant;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dnsnode.sync.FakeController;
import dev.vigil.proto.feed.v1.AnswerUpdate;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A real node on loopback sockets (UDP and TCP) fed a hand-built update by a real gRPC controller: latency/geo-style
 * answers per ECS subnet with the scope echoed, IP-based answers by source address, weighted answers in proportion,
 * TCP fallback for a large per-query answer, FORMERR for a malformed ECS, and the same answers after a restart
 * from disk with no controller.
 */
@Timeout(90)
class SelectiveNodeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HostPort ANY_LOOPBACK_PORT = new HostPort("127.0.0.1", 0);

    @TempDir
    Path dir;

    private DnsNode start(int controllerPort) throws Exception {
        return DnsNode.start(new DnsNode.Config(ANY_LOOPBACK_PORT, List.of(new HostPort("127.0.0.1", controllerPort)), dir,
                "dns-selective-test", ANY_LOOPBACK_PORT, 2), Clock.systemUTC());
    }

    /** The selective test zone, plus an IP-based name by source address and a per-query TXT too large for 512 bytes. */
    private static AnswerUpdate update() {
        String big = "\"" + "x".repeat(200) + "\" \"" + "y".repeat(200) + "\" \"" + "z".repeat(200) + "\"";
        var zone = SelectiveFixtures.zone().toBuilder()
                .addSelectiveUpserts(selective("src." + ORIGIN, "A", "sources", Map.of(0, choice(0, 1)), choice(1, 1),
                        variant("src." + ORIGIN, "A", 60, "192.0.2.101"),
                        variant("src." + ORIGIN, "A", 60, "192.0.2.102")))
                .addSelectiveUpserts(selective("big." + ORIGIN, "TXT", "geo", Map.of(1, choice(0, 1)), choice(1, 1),
                        variant("big." + ORIGIN, "TXT", 60, big),
                        variant("big." + ORIGIN, "TXT", 60, "\"small\"")))
                .build();
        return Fixtures.full(5, zone).toBuilder()
                .addClientMaps(SelectiveFixtures.geoMap())
                .addClientMaps(map("sources", List.of("special"), "127.0.0.2/32", "0"))
                .build();
    }

    @Test
    void answersPerSubnetSourceAndWeightOverUdpAndTcpAndAfterARestart() throws Exception {
        try (FakeController controller = new FakeController(0); DnsNode node = start(controller.port())) {
            controller.awaitSubscription(WAIT);
            controller.push(update());
            await("version 5", WAIT, () -> node.store().get().version().index() == 5);
            assertGeoAndSourceAnswers(node);

            int n = 2000;
            int first = 0;
            for (int i = 0; i < n; i++) {
                Message m = udp(node, query("w." + ORIGIN, "A", null), null);
                first += answer(m).equals("203.0.113.1") ? 1 : 0;
            }
            // weights 1:3; 6 standard deviations (about 116) of a binomial(2000, 0.25) around 500
            double sd = Math.sqrt(n * 0.25 * 0.75);
            assertTrue(Math.abs(first - n * 0.25) < 6 * sd, "weight-1 answers: " + first + " of " + n);

            Message truncated = udp(node, query("big." + ORIGIN, "TXT", "10.1.0.0/16").toWire512(), null);
            assertTrue(truncated.getHeader().getFlag(Flags.TC), "a per-query answer too large for 512 bytes is truncated");
            Message whole = tcp(node, query("big." + ORIGIN, "TXT", "10.1.0.0/16").message());
            assertEquals(3, ((org.xbill.DNS.TXTRecord) whole.getSection(Section.ANSWER).getFirst()).getStrings().size());
            assertEquals(16, scope(whole));

            Message bad = udp(node, malformedEcs("geo." + ORIGIN), null);
            assertEquals(Rcode.FORMERR, bad.getRcode(), "a non-zero SCOPE in a query");
        }
        try (DnsNode restarted = start(closedPort())) {
            assertEquals(5, restarted.store().get().version().index());
            assertGeoAndSourceAnswers(restarted);
        }
    }

    private static void assertGeoAndSourceAnswers(DnsNode node) throws Exception {
        for (boolean overTcp : new boolean[] {false, true}) {
            Query us = query("geo." + ORIGIN, "A", "10.1.2.0/24");
            Message m = overTcp ? tcp(node, us.message()) : udp(node, us, null);
            assertEquals("198.51.100.2", answer(m), "us subnet, tcp=" + overTcp);
            assertEquals(16, scope(m));
            Query eu = query("geo." + ORIGIN, "A", "10.2.0.0/16");
            m = overTcp ? tcp(node, eu.message()) : udp(node, eu, null);
            assertEquals("198.51.100.1", answer(m), "eu subnet, tcp=" + overTcp);
            assertEquals(8, scope(m));
            Query alias = query("alias." + ORIGIN, "A", "10.1.0.0/16");
            m = overTcp ? tcp(node, alias.message()) : udp(node, alias, null);
            assertEquals("198.51.100.2", answer(m), "a static CNAME into the per-query name");
        }
        Message plain = udp(node, query("geo." + ORIGIN, "A", null), null);
        assertEquals("198.51.100.3", answer(plain), "no ECS: the source 127.0.0.1 is not in the map: fallback");
        assertEquals(null, plain.getOPT(), "no OPT (so no ECS) without one in the query");
        assertEquals("192.0.2.101", answer(udp(node, query("src." + ORIGIN, "A", null), InetAddress.getByName("127.0.0.2"))),
                "IP-based: the source 127.0.0.2/32");
        assertEquals("192.0.2.102", answer(udp(node, query("src." + ORIGIN, "A", null), InetAddress.getByName("127.0.0.1"))),
                "IP-based: any other source");
    }

    /** A query and its wire form (with a 512-byte EDNS size when asked). */
    private record Query(Message message, byte[] wire) {
        Query toWire512() {
            Message copy = message.clone();
            OPTRecord opt = copy.getOPT();
            copy.removeAllRecords(Section.ADDITIONAL);
            copy.addRecord(new OPTRecord(512, 0, 0, 0, opt.getOptions()), Section.ADDITIONAL);
            return new Query(copy, copy.toWire());
        }
    }

    private static Query query(String name, String type, String ecs) throws Exception {
        Message q = Fixtures.query(name, type);
        if (ecs != null) {
            String[] cidr = ecs.split("/");
            EDNSOption option = new ClientSubnetOption(Integer.parseInt(cidr[1]), InetAddress.getByName(cidr[0]));
            q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(option)), Section.ADDITIONAL);
        }
        return new Query(q, q.toWire());
    }

    private static Query malformedEcs(String name) throws Exception {
        Message q = Fixtures.query(name, "A");
        // FAMILY 1, SOURCE 24, SCOPE 8 (must be 0 in queries), 10.1.2
        EDNSOption option = new GenericEDNSOption(8, new byte[] {0, 1, 24, 8, 10, 1, 2});
        q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(option)), Section.ADDITIONAL);
        return new Query(q, q.toWire());
    }

    private static Message udp(DnsNode node, Query query, InetAddress from) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(
                from == null ? InetAddress.getByName("127.0.0.1") : from, 0))) {
            socket.setSoTimeout(3000);
            socket.send(new DatagramPacket(query.wire(), query.wire().length,
                    new InetSocketAddress("127.0.0.1", node.dnsPort())));
            byte[] in = new byte[65535];
            DatagramPacket packet = new DatagramPacket(in, in.length);
            socket.receive(packet);
            return new Message(java.util.Arrays.copyOf(in, packet.getLength()));
        }
    }

    private static Message tcp(DnsNode node, Message query) throws Exception {
        byte[] out = query.toWire();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", node.dnsPort()), 3000);
            socket.setSoTimeout(3000);
            DataOutputStream o = new DataOutputStream(socket.getOutputStream());
            o.writeShort(out.length);
            o.write(out);
            o.flush();
            DataInputStream i = new DataInputStream(socket.getInputStream());
            byte[] response = new byte[i.readUnsignedShort()];
            i.readFully(response);
            return new Message(response);
        }
    }

    private static String answer(Message m) {
        return m.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.A).map(r -> r.rdataToString())
                .findFirst().orElse("none: " + m);
    }

    private static int scope(Message m) {
        OPTRecord opt = m.getOPT();
        if (opt == null || opt.getOptions(EDNSOption.Code.CLIENT_SUBNET).isEmpty()) {
            return -1;
        }
        return ((ClientSubnetOption) opt.getOptions(EDNSOption.Code.CLIENT_SUBNET).getFirst()).getScopePrefixLength();
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
