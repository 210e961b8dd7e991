package dev.vigil.agent.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's fast local HTTP target (not a test): listens on {@code PORTS} loopback ports, answers every
 * request with a tiny 200 and closes, one virtual thread per connection. Writes its ports, one a line, to
 * {@code PORTS_FILE}, then serves until killed.
 *
 * <pre>java -cp ... dev.vigil.agent.bench.BenchTarget PORTS PORTS_FILE</pre>
 */
public final class BenchTarget {

  private static final byte[] RESPONSE =
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);
  private static final AtomicLong served = new AtomicLong();

  private BenchTarget() {}

  public static void main(String[] args) throws Exception {
    int count = Integer.parseInt(args[0]);
    Path portsFile = Path.of(args[1]);
    List<String> ports = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ServerSocket server = new ServerSocket(0, 4096, InetAddress.getByName("127.0.0.1"));
      ports.add(Integer.toString(server.getLocalPort()));
      Thread.ofVirtual().start(() -> accept(server));
    }
    Path tmp = portsFile.resolveSibling(portsFile.getFileName() + ".tmp");
    Files.write(tmp, ports);
    Files.move(tmp, portsFile);
    Thread.currentThread().join();
  }

  private static void accept(ServerSocket server) {
    while (true) {
      try {
        Socket socket = server.accept();
        Thread.ofVirtual().start(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void serve(Socket socket) {
    try (socket) {
      socket.setTcpNoDelay(true);
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[2048];
      int matched = 0;
      byte[] end = {'\r', '\n', '\r', '\n'};
      outer:
      while (true) {
        int n = in.read(buf);
        if (n < 0) {
          return;
        }
        for (int i = 0; i < n; i++) {
          byte b = buf[i];
          matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
          if (matched == 4) {
            break outer;
          }
        }
      }
      OutputStream out = socket.getOutputStream();
      out.write(RESPONSE);
      out.flush();
      served.incrementAndGet();
    } catch (IOException e) {
      // The probe went away first: nothing to do.
    }
  }
}
