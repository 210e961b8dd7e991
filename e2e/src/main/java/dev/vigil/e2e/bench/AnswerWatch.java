package dev.vigil.e2e.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Watches names on several dns-nodes until each answers an expected address, and says when. Each round sends
 * every pending query at once (one connected UDP socket per node, pre-encoded queries, a fresh ID per query) and
 * then reads the replies, so the time it adds to what it measures is one loopback round trip plus the pause
 * between rounds — not a resolver's socket setup per query, nor the queries of the others in turn.
 */
final class AnswerWatch implements AutoCloseable {

  private static final long PAUSE_NANOS = 1_000_000;
  private static final int REPLY_TIMEOUT_MS = 200;

  private final DatagramSocket[] sockets;
  private final byte[][] queries;
  private final byte[] reply = new byte[1500];
  private int nextId = 1;

  AnswerWatch(List<InetSocketAddress> nodes, String[] names) throws IOException {
    sockets = new DatagramSocket[nodes.size()];
    for (int i = 0; i < sockets.length; i++) {
      sockets[i] = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
      sockets[i].connect(nodes.get(i));
      sockets[i].setSoTimeout(REPLY_TIMEOUT_MS);
    }
    queries = new byte[names.length][];
    for (int q = 0; q < names.length; q++) {
      String name = names[q].endsWith(".") ? names[q] : names[q] + ".";
      queries[q] = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)).toWire();
    }
  }

  /** [name][node] → nanoTime of the first answer that is exactly {@code expected}; -1 if none before the deadline. */
  long[][] until(String expected, long deadlineNanos) throws IOException {
    long[][] at = new long[queries.length][sockets.length];
    for (long[] row : at) {
      Arrays.fill(row, -1);
    }
    int pending = queries.length * sockets.length;
    while (pending > 0 && System.nanoTime() < deadlineNanos) {
      int firstId = nextId;
      for (int i = 0; i < sockets.length; i++) {
        for (int q = 0; q < queries.length; q++) {
          if (at[q][i] < 0) {
            send(i, q, idOf(firstId, q, i));
          }
        }
      }
      nextId += queries.length * sockets.length;
      for (int i = 0; i < sockets.length; i++) {
        pending -= receive(i, firstId, expected, at);
      }
      LockSupport.parkNanos(PAUSE_NANOS);
    }
    return at;
  }

  private int idOf(int firstId, int q, int node) {
    return (firstId + q * sockets.length + node) & 0xffff;
  }

  private void send(int node, int q, int id) throws IOException {
    byte[] query = queries[q];
    query[0] = (byte) (id >> 8);
    query[1] = (byte) id;
    sockets[node].send(new DatagramPacket(query, query.length));
  }

  /** Reads this round's replies from {@code node}; returns how many names it newly answered as expected. */
  private int receive(int node, int firstId, String expected, long[][] at) throws IOException {
    int asked = 0;
    for (int q = 0; q < queries.length; q++) {
      asked += at[q][node] < 0 ? 1 : 0;
    }
    int answered = 0;
    for (int got = 0; got < asked; ) {
      DatagramPacket packet = new DatagramPacket(reply, reply.length);
      try {
        sockets[node].receive(packet);
      } catch (SocketTimeoutException e) {
        return answered; // lost or late: the next round asks again
      }
      long now = System.nanoTime();
      int id = ((reply[0] & 0xff) << 8) | (reply[1] & 0xff);
      int q = questionOf(id, firstId, node);
      if (q < 0) {
        continue; // a late reply from an earlier round
      }
      got++;
      if (at[q][node] < 0 && answers(Arrays.copyOf(reply, packet.getLength()), expected)) {
        at[q][node] = now;
        answered++;
      }
    }
    return answered;
  }

  private int questionOf(int id, int firstId, int node) {
    for (int q = 0; q < queries.length; q++) {
      if (idOf(firstId, q, node) == id) {
        return q;
      }
    }
    return -1;
  }

  private static boolean answers(byte[] wire, String expected) {
    try {
      List<Record> records = new Message(wire).getSection(Section.ANSWER);
      return records.size() == 1 && records.get(0) instanceof ARecord a
          && a.getAddress().getHostAddress().equals(expected);
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    for (DatagramSocket socket : sockets) {
      socket.close();
    }
  }
}
