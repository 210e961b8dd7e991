package dev.vigil.e2e.harness;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A tiny HTTP backend on a fixed loopback address that answers 200 with its name. It can be
 * stopped (the port then refuses connections) and started again on the same address.
 */
public final class DemoBackend implements AutoCloseable {

  private final String name;
  private final InetSocketAddress address;
  private HttpServer server;

  public DemoBackend(String name, InetSocketAddress address) {
    this.name = name;
    this.address = address;
  }

  /** Binds a free port on {@code host} and starts serving. */
  public static DemoBackend startOn(String name, String host) throws IOException {
    DemoBackend backend = new DemoBackend(name, new InetSocketAddress(host, FreePorts.tcp(host)));
    backend.start();
    return backend;
  }

  public synchronized void start() throws IOException {
    if (server != null) {
      return;
    }
    HttpServer http = HttpServer.create(address, 16);
    byte[] body = ("hello from the " + name + " backend\n").getBytes(StandardCharsets.UTF_8);
    http.createContext("/", exchange -> {
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    http.start();
    server = http;
  }

  /** Closes the listening socket at once: new connections are refused. */
  public synchronized void stop() {
    if (server != null) {
      server.stop(0);
      server = null;
    }
  }

  public String host() {
    return address.getHostString();
  }

  public int port() {
    return address.getPort();
  }

  @Override
  public void close() {
    stop();
  }
}
