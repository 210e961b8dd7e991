package dev.vigil.dnsnode.wire;

import static dev.vigil.dnsnode.Fixtures.exampleZone;
import static dev.vigil.dnsnode.Fixtures.full;
import static dev.vigil.dnsnode.Fixtures.query;
import static dev.vigil.dnsnode.Fixtures.rrset;
import static dev.vigil.dnsnode.Fixtures.zone;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dnsnode.Fixtures;
import dev.vigil.dnsnode.SelectiveFixtures;
import dev.vigil.dnsnode.store.AnswerTable;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A server on loopback sockets, run once per UDP I/O ({@code mmsg}: recvmmsg/sendmmsg threads; {@code netty}):
 * answers, truncation, malformed packets, per-query answers through the general path, many concurrent clients.
 */
@ParameterizedClass(name = "udp-io {0}")
@EnumSource(value = UdpIo.class, names = {"MMSG", "NETTY"})
@Timeout(30)
class DnsServerTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static DnsServer server;
    private static final AtomicInteger malformed = new AtomicInteger();
    private static final AtomicInteger failures = new AtomicInteger();
    private static final AtomicInteger answeredOverUdp = new AtomicInteger();

    @Parameter
    UdpIo udpIo;

    @BeforeParameterizedClassInvocation
    static void start(UdpIo udpIo) throws Exception {
        String[] bigTxt = new String[20];
        for (int i = 0; i < bigTxt.length; i++) {
            bigTxt[i] = "\"" + "x".repeat(200) + i + "\"";
        }
        AnswerTable table = Fixtures.table(full(10, exampleZone(), SelectiveFixtures.zone(),
                zone("big.test.", Fixtures.soa("big.test.", 60, 60), rrset("txt.big.test.", "TXT", 60, bigTxt)))
                .toBuilder().addClientMaps(SelectiveFixtures.geoMap()).build());
        QueryObserver observer = new QueryObserver() {
            @Override
            public void answered(Transport transport, int rcode) {
                if (transport == Transport.UDP) {
                    answeredOverUdp.incrementAndGet();
                }
            }

            @Override
            public void malformed(Transport transport) {
                malformed.incrementAndGet();
            }

            @Override
            public void failed(Transport transport, Throwable error) {
                failures.incrementAndGet();
            }
        };
        malformed.set(0);
        failures.set(0);
        server = DnsServer.start(new InetSocketAddress("127.0.0.1", 0), 2, DnsServer.DEFAULT_TCP_CONNECTIONS, udpIo,
                new QueryHandler(() -> table, observer), observer);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static SimpleResolver resolver(boolean tcp) {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress(LOOPBACK, server.port()));
        r.setTCP(tcp);
        r.setTimeout(Duration.ofSeconds(3));
        return r;
    }

    @Test
    void answersOverUdp() throws Exception {
        Message response = resolver(false).send(query("www.example.test.", "A"));
        assertEquals(Rcode.NOERROR, response.getRcode());
        assertTrue(response.getHeader().getFlag(Flags.AA));
        assertEquals(2, response.getSection(Section.ANSWER).size());
    }

    @Test
    void answersOverTcp() throws Exception {
        Message response = resolver(true).send(query("missing.example.test.", "A"));
        assertEquals(Rcode.NXDOMAIN, response.getRcode());
        assertEquals(Type.SOA, response.getSection(Section.AUTHORITY).getFirst().getType());
    }

    @Test
    void answersPipelinedTcpQueriesInOrderOnOneConnection() throws Exception {
        Message first = query("www.example.test.", "A");
        Message second = query("txt.example.test.", "TXT");
        try (Socket socket = new Socket(LOOPBACK, server.port())) {
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            out.write(concat(frame(first.toWire()), frame(second.toWire()))); // both before reading anything
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            Message r1 = readFrame(in);
            Message r2 = readFrame(in);
            assertEquals(first.getHeader().getID(), r1.getHeader().getID());
            assertEquals(Type.A, r1.getSection(Section.ANSWER).getFirst().getType());
            assertEquals(second.getHeader().getID(), r2.getHeader().getID());
            assertEquals(Type.TXT, r2.getSection(Section.ANSWER).getFirst().getType());
        }
    }

    @Test
    void bigAnswerIsTruncatedOverUdpAndCompleteOverTcp() throws Exception {
        Message q = query("txt.big.test.", "TXT");
        Message udp = new Message(exchangeUdp(q.toWire()));
        assertTrue(udp.getHeader().getFlag(Flags.TC), "TC over UDP");
        assertTrue(udp.toWire().length <= 512);
        assertEquals(q.getHeader().getID(), udp.getHeader().getID());

        Message withEdns = query("txt.big.test.", "TXT");
        withEdns.addRecord(new OPTRecord(4096, 0, 0, 0), Section.ADDITIONAL);
        byte[] ednsWire = exchangeUdp(withEdns.toWire());
        assertTrue(ednsWire.length <= 1232, "capped at 1232, was " + ednsWire.length);
        assertTrue(new Message(ednsWire).getHeader().getFlag(Flags.TC));

        Message tcp = resolver(true).send(query("txt.big.test.", "TXT"));
        assertFalse(tcp.getHeader().getFlag(Flags.TC));
        assertEquals(20, tcp.getSection(Section.ANSWER).size());
    }

    @Test
    void answerLargerThanA512ByteEdnsSizeIsTruncated() throws Exception {
        Message q = query("txt.big.test.", "TXT");
        q.addRecord(new OPTRecord(512, 0, 0, 0), Section.ADDITIONAL);
        byte[] wire = exchangeUdp(q.toWire());
        Message response = new Message(wire);
        assertTrue(wire.length <= 512, "within the client's 512 bytes, was " + wire.length);
        assertTrue(response.getHeader().getFlag(Flags.TC));
        assertEquals(q.getHeader().getID(), response.getHeader().getID());
    }

    @Test
    void perQueryAnswersGoByClientSubnetAndSourceAddress() throws Exception {
        Message us = query("geo." + SelectiveFixtures.ORIGIN, "A");
        us.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new ClientSubnetOption(16, InetAddress.getByName("10.1.0.0")))),
                Section.ADDITIONAL);
        Message response = new Message(exchangeUdp(us.toWire()));
        assertEquals("198.51.100.2", response.getSection(Section.ANSWER).getFirst().rdataToString(), "us subnet");
        ClientSubnetOption echoed = (ClientSubnetOption) response.getOPT()
                .getOptions(EDNSOption.Code.CLIENT_SUBNET).getFirst();
        assertEquals(16, echoed.getScopePrefixLength());

        Message plain = new Message(exchangeUdp(query("geo." + SelectiveFixtures.ORIGIN, "A").toWire()));
        assertEquals("198.51.100.3", plain.getSection(Section.ANSWER).getFirst().rdataToString(),
                "no ECS: the source 127.0.0.1 is outside the map: the fallback");
    }

    @Test
    void datagramLongerThanTheQueryBufferIsCutAndGetsFormErr() throws Exception {
        Message q = query("www.example.test.", "A"); // valid whole: an OPT with 4,900 bytes of EDNS padding
        q.addRecord(new OPTRecord(1232, 0, 0, 0, List.of(new GenericEDNSOption(12, new byte[4900]))), Section.ADDITIONAL);
        byte[] oversized = q.toWire();
        assertTrue(oversized.length > 4096);
        Message response = new Message(exchangeUdp(oversized));
        assertEquals(Rcode.FORMERR, response.getRcode(), "only the first 4096 bytes are read: the OPT is cut");
        assertEquals(q.getHeader().getID(), response.getHeader().getID());
        assertAnswersValidQuery();
    }

    @Test
    void shortPacketGetsSilenceAndServerKeepsAnswering() throws Exception {
        int before = malformed.get();
        assertSilentThenAnswers(new byte[] {0x12, 0x34, 0x01, 0x00, 0x00});
        assertEquals(before + 1, malformed.get());
        assertAnswersValidQuery();
    }

    @Test
    void garbageWithAHeaderGetsFormErrEchoingIdOpcodeAndRd() throws Exception {
        byte[] garbage = new byte[40];
        Arrays.fill(garbage, (byte) 0xEE);
        garbage[0] = 0x12;
        garbage[1] = 0x34;
        garbage[2] = 0x01; // QR=0, opcode QUERY, RD=1
        garbage[3] = 0x00;
        Message response = new Message(exchangeUdp(garbage));
        assertEquals(0x1234, response.getHeader().getID());
        assertEquals(Rcode.FORMERR, response.getRcode());
        assertTrue(response.getHeader().getFlag(Flags.QR));
        assertTrue(response.getHeader().getFlag(Flags.RD));
        assertTrue(response.getSection(Section.QUESTION).isEmpty());
        assertAnswersValidQuery();
    }

    @Test
    void badCompressionPointerGetsFormErr() throws Exception {
        byte[] packet = {
            0x0A, 0x0B, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            (byte) 0xC0, (byte) 0xFF, 0x00, 0x01, 0x00, 0x01 // name = pointer past the end
        };
        Message response = new Message(exchangeUdp(packet));
        assertEquals(0x0A0B, response.getHeader().getID());
        assertEquals(Rcode.FORMERR, response.getRcode());

        byte[] tcpResponse = exchangeTcp(packet);
        assertEquals(Rcode.FORMERR, new Message(tcpResponse).getRcode());
        assertAnswersValidQuery();
    }

    @Test
    void responsesSentToTheServerAreIgnored() throws Exception {
        Message notAQuery = query("www.example.test.", "A");
        notAQuery.getHeader().setFlag(Flags.QR);
        assertSilentThenAnswers(notAQuery.toWire());
        assertAnswersValidQuery();
    }

    @Test
    void manyConcurrentClientsEachGetTheirOwnAnswers() throws Exception {
        int clients = 4;
        int perClient = 2_000;
        int answeredBefore = answeredOverUdp.get();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int firstId = c * perClient;
                done.add(pool.submit(() -> pipelinedQueries(firstId, perClient)));
            }
            for (Future<Integer> f : done) {
                assertEquals(perClient, f.get());
            }
        }
        assertEquals(0, failures.get(), "no handler failures or dropped answers");
        assertEquals(clients * perClient, answeredOverUdp.get() - answeredBefore, "every answer counted (metrics)");
    }

    /**
     * {@code count} queries with IDs from {@code firstId}, up to 16 in flight from one socket, so the server reads
     * and answers them in batches; each response must carry an outstanding ID and that query's answer. 16 per client:
     * all 4 clients' queries fit a server socket's default receive buffer (each waiting datagram costs ~1 KiB of
     * it) even when the machine's load keeps the worker off the CPU for a while; 64 did not.
     */
    private static int pipelinedQueries(int firstId, int count) throws IOException {
        String o = SelectiveFixtures.ORIGIN;
        String[] names = {"a." + o, "b." + o, "ns1." + o};
        String[] expected = {"192.0.2.10", "192.0.2.20", "192.0.2.53"};
        int window = 16;
        int answered = 0;
        Set<Integer> outstanding = new HashSet<>();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            socket.setSoTimeout(5000); // only ends a test that lost an answer
            int next = 0;
            while (answered < count) {
                while (next < count && outstanding.size() < window) {
                    int id = firstId + next;
                    Message q = query(names[id % names.length], "A");
                    q.getHeader().setID(id);
                    byte[] wire = q.toWire();
                    socket.send(new DatagramPacket(wire, wire.length, LOOPBACK, server.port()));
                    outstanding.add(id);
                    next++;
                }
                Message response = new Message(receive(socket));
                int id = response.getHeader().getID();
                assertTrue(outstanding.remove(id), "an answer to an outstanding query: " + id);
                assertEquals(Rcode.NOERROR, response.getRcode());
                assertEquals(names[id % names.length], response.getQuestion().getName().toString());
                assertEquals(expected[id % names.length], response.getSection(Section.ANSWER).getFirst().rdataToString());
                answered++;
            }
        }
        return answered;
    }

    @Test
    void bindsUdpAndTcpOnTheSamePortWithTheChosenUdpIo() {
        assertTrue(server.port() > 0);
        assertEquals(udpIo, server.udpIo());
        assertEquals(0, failures.get(), "no handler failures");
    }

    private static void assertAnswersValidQuery() throws Exception {
        Message response = resolver(false).send(query("www.example.test.", "AAAA"));
        assertEquals(Rcode.NOERROR, response.getRcode());
        assertEquals(1, response.getSection(Section.ANSWER).size());
    }

    private static byte[] exchangeUdp(byte[] packet) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            socket.setSoTimeout(5000); // only ends a test whose answer never comes
            socket.send(new DatagramPacket(packet, packet.length, LOOPBACK, server.port()));
            return receive(socket);
        }
    }

    /**
     * Sends {@code silent}, then a valid query from the same socket: both reach the same server socket and event
     * loop in order, so if the first datagram back answers the valid query, nothing was sent for {@code silent}.
     * No timing involved.
     */
    private static void assertSilentThenAnswers(byte[] silent) throws IOException {
        Message valid = query("www.example.test.", "A");
        valid.getHeader().setID(0x7A7A);
        byte[] validWire = valid.toWire();
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            socket.setSoTimeout(5000);
            socket.send(new DatagramPacket(silent, silent.length, LOOPBACK, server.port()));
            socket.send(new DatagramPacket(validWire, validWire.length, LOOPBACK, server.port()));
            Message first = new Message(receive(socket));
            assertEquals(0x7A7A, first.getHeader().getID(), "the first reply answers the valid query: " + first);
        }
    }

    private static byte[] receive(DatagramSocket socket) throws IOException {
        DatagramPacket in = new DatagramPacket(new byte[65535], 65535);
        try {
            socket.receive(in);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no UDP response within 5 s");
        }
        return Arrays.copyOf(in.getData(), in.getLength());
    }

    private static byte[] exchangeTcp(byte[] packet) throws IOException {
        try (Socket socket = new Socket(LOOPBACK, server.port())) {
            socket.setSoTimeout(3000);
            socket.getOutputStream().write(frame(packet));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] body = new byte[in.readUnsignedShort()];
            in.readFully(body);
            return body;
        }
    }

    private static Message readFrame(DataInputStream in) throws IOException {
        byte[] body = new byte[in.readUnsignedShort()];
        in.readFully(body);
        return new Message(body);
    }

    private static byte[] frame(byte[] message) {
        return ByteBuffer.allocate(2 + message.length).putShort((short) message.length).put(message).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return ByteBuffer.allocate(a.length + b.length).put(a).put(b).array();
    }
}
