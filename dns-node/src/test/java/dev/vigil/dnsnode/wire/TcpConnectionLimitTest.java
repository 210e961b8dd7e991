package dev.vigil.dnsnode.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.dnsnode.Fixtures;
import dev.vigil.dnsnode.store.AnswerTable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/** RFC 7766 6.2.2: connections beyond the limit are closed; the ones within it keep working. */
@Timeout(30)
class TcpConnectionLimitTest {

    @Test
    void aConnectionOverTheLimitIsClosedAndTheOthersAreServed() throws Exception {
        AnswerTable table = Fixtures.exampleTable();
        try (DnsServer server = DnsServer.start(new InetSocketAddress("127.0.0.1", 0), 1, 2,
                new QueryHandler(() -> table, QueryObserver.NONE), QueryObserver.NONE);
             Socket first = connect(server);
             Socket second = connect(server)) {
            assertEquals(Rcode.NOERROR, exchange(first).getRcode());
            assertEquals(Rcode.NOERROR, exchange(second).getRcode());
            try (Socket third = connect(server)) {
                assertThrows(IOException.class, () -> exchange(third), "the third connection is closed");
            }
            assertEquals(Rcode.NOERROR, exchange(first).getRcode(), "the first still answers");
        }
    }

    @Test
    void aClosedConnectionFreesItsPlace() throws Exception {
        AnswerTable table = Fixtures.exampleTable();
        try (DnsServer server = DnsServer.start(new InetSocketAddress("127.0.0.1", 0), 1, 1,
                new QueryHandler(() -> table, QueryObserver.NONE), QueryObserver.NONE)) {
            try (Socket only = connect(server)) {
                assertEquals(Rcode.NOERROR, exchange(only).getRcode());
            }
            Fixtures.await("a new connection is served", java.time.Duration.ofSeconds(10), () -> {
                try (Socket next = connect(server)) {
                    return exchange(next).getRcode() == Rcode.NOERROR;
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    private static Socket connect(DnsServer server) throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(3000);
        return s;
    }

    private static Message exchange(Socket socket) throws IOException {
        byte[] query = Fixtures.query("www.example.test.", "A").toWire();
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeShort(query.length);
        out.write(query);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int length;
        try {
            length = in.readUnsignedShort();
        } catch (EOFException e) {
            throw new IOException("connection closed by the server", e);
        }
        byte[] response = new byte[length];
        in.readFully(response);
        return new Message(response);
    }
}
