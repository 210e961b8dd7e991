package dev.vigil.e2e.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Ports the kernel says are free right now, for programs that take a fixed address. */
public final class FreePorts {

  private FreePorts() {}

  /** A port free for both TCP and UDP on the given loopback address. */
  public static int tcpAndUdp(String host) {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port = tcp(host);
      try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(address(host), port))) {
        return port;
      } catch (IOException taken) {
        // the UDP side is in use: try another
      }
    }
    throw new IllegalStateException("no free TCP+UDP port on " + host);
  }

  public static int tcp(String host) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(false);
      socket.bind(new InetSocketAddress(address(host), 0));
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InetAddress address(String host) {
    try {
      return InetAddress.getByName(host);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
