package dev.vigil.dnsnode.conformance;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** A bare DNS client for tests: one query over UDP or TCP, the raw response parsed by dnsjava. */
final class DnsClient {

    private DnsClient() {}

    static Message udp(InetSocketAddress server, Message query) throws IOException {
        return udp(server, query, 3000);
    }

    static Message udp(InetSocketAddress server, Message query, int timeoutMillis) throws IOException {
        byte[] out = query.toWire();
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(timeoutMillis);
            socket.send(new DatagramPacket(out, out.length, server));
            byte[] in = new byte[65535];
            DatagramPacket packet = new DatagramPacket(in, in.length);
            socket.receive(packet);
            byte[] response = java.util.Arrays.copyOf(in, packet.getLength());
            return new Message(response);
        }
    }

    static Message tcp(InetSocketAddress server, Message query) throws IOException {
        byte[] out = query.toWire();
        try (Socket socket = new Socket()) {
            socket.connect(server, 3000);
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

    /** Polls with SOA queries until the server answers, or fails after {@code timeout}. */
    static void awaitAnswer(InetSocketAddress server, String origin, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Message q = Message.newQuery(Record.newRecord(Name.fromString(origin, Name.root), Type.SOA, DClass.IN));
        while (true) {
            try {
                udp(server, q, 300);
                return;
            } catch (SocketTimeoutException | java.net.PortUnreachableException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no answer from " + server + " within " + timeout);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            }
        }
    }

    static String sectionSummary(Message m, int section) {
        return m.getSection(section).stream().filter(r -> r.getType() != Type.OPT)
                .map(r -> r.getName().toString().toLowerCase() + " " + r.getTTL() + " " + DClass.string(r.getDClass())
                        + " " + Type.string(r.getType()) + " " + r.rdataToString())
                .sorted().toList().toString();
    }

    static final int[] SECTIONS = {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL};
}
