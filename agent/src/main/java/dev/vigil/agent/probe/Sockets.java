package dev.vigil.agent.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/** Opens the fresh TCP connection every probe uses, mapping errors to failure kinds. */
public final class Sockets {

  private Sockets() {}

  /** Milliseconds left until {@code deadlineNanos} (System.nanoTime), at least 1 while not passed, else 0. */
  public static int millisUntil(long deadlineNanos) {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      return 0;
    }
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left + 999_999)));
  }

  /** Connects before the deadline or throws CONNECTION_REFUSED / CONNECT_TIMEOUT / NETWORK_ERROR. */
  public static Socket connect(Endpoint endpoint, long deadlineNanos, long budgetMillis) throws ProbeFailure {
    int timeout = millisUntil(deadlineNanos);
    if (timeout == 0) {
      throw new ProbeFailure(FailureKind.CONNECT_TIMEOUT,
          "no time left to connect to " + endpoint + " within " + budgetMillis + " ms (slow DNS)");
    }
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(endpoint.socketAddress(), timeout);
      return socket;
    } catch (SocketTimeoutException e) {
      closeQuietly(socket);
      throw new ProbeFailure(FailureKind.CONNECT_TIMEOUT,
          "no TCP connection to " + endpoint + " within " + budgetMillis + " ms");
    } catch (ConnectException e) {
      closeQuietly(socket);
      String msg = String.valueOf(e.getMessage());
      if (msg.toLowerCase(java.util.Locale.ROOT).contains("refused")) {
        throw new ProbeFailure(FailureKind.CONNECTION_REFUSED, "connection refused " + endpoint);
      }
      throw new ProbeFailure(FailureKind.NETWORK_ERROR, "cannot connect to " + endpoint + ": " + msg);
    } catch (IOException | RuntimeException e) {
      closeQuietly(socket);
      throw new ProbeFailure(FailureKind.NETWORK_ERROR, "cannot connect to " + endpoint + ": " + e.getMessage());
    }
  }

  public static void closeQuietly(Socket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException ignored) {
      // Nothing to do: the probe's result is already decided.
    }
  }

  public static long micros(long fromNanos, long toNanos) {
    return fromNanos == 0 || toNanos == 0 ? 0 : Math.max(0, (toNanos - fromNanos) / 1000);
  }
}
