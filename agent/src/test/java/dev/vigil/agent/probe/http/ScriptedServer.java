package dev.vigil.agent.probe.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A loopback server that records each request head and answers with fixed bytes (or never answers). */
final class ScriptedServer implements AutoCloseable {

  private final ServerSocket server;
  private final byte[] response;
  private final boolean holdOpen;
  private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
  private final List<Socket> held = new CopyOnWriteArrayList<>();

  /**
   * @param response bytes to send after the request head; null to never answer
   * @param holdOpen keep the connection open after sending (no close-delimiting)
   */
  ScriptedServer(ServerSocket server, byte[] response, boolean holdOpen) {
    this.server = server;
    this.response = response;
    this.holdOpen = holdOpen;
    Thread.ofVirtual().start(this::acceptLoop);
  }

  static ScriptedServer answering(String response) throws IOException {
    return answering(response.getBytes(StandardCharsets.ISO_8859_1));
  }

  static ScriptedServer answering(byte[] response) throws IOException {
    return new ScriptedServer(loopback(), response, false);
  }

  static ScriptedServer answeringThenStalling(String response) throws IOException {
    return new ScriptedServer(loopback(), response.getBytes(StandardCharsets.ISO_8859_1), true);
  }

  static ScriptedServer silent() throws IOException {
    return new ScriptedServer(loopback(), null, true);
  }

  static ServerSocket loopback() throws IOException {
    return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
  }

  int port() {
    return server.getLocalPort();
  }

  /** The next request head received, waiting at most 5 s. */
  String nextRequest() throws InterruptedException {
    String r = requests.poll(5, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no request received");
    }
    return r;
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread.ofVirtual().start(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try {
      if (response == null) {
        held.add(socket);
        return; // Black hole: accept, never read or answer.
      }
      InputStream in = socket.getInputStream();
      requests.add(readHead(in));
      socket.getOutputStream().write(response);
      socket.getOutputStream().flush();
      if (holdOpen) {
        held.add(socket);
      } else {
        socket.close();
      }
    } catch (IOException e) {
      closeQuietly(socket);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.ISO_8859_1);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // test server teardown
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    held.forEach(ScriptedServer::closeQuietly);
  }
}
