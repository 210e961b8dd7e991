package dev.vigil.e2e.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fault-injecting TCP relay between one program and one peer, on loopback: {@link #cut()} closes
 * every relayed connection and the listening socket (new connections are refused, as when a host
 * drops off the network and its peers notice), {@link #restore()} listens again on the same
 * address. The end-to-end fault tests put one in front of each link they want to cut.
 */
public final class TcpProxy implements AutoCloseable {

  private final String name;
  private final InetSocketAddress listen;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private ServerSocket server;

  private TcpProxy(String name, InetSocketAddress listen, InetSocketAddress target) {
    this.name = name;
    this.listen = listen;
    this.target = target;
  }

  /** Starts relaying {@code listenHost}:(a free port, or {@code listenPort} when > 0) → {@code target}. */
  public static TcpProxy start(String name, String listenHost, int listenPort, InetSocketAddress target)
      throws IOException {
    int port = listenPort > 0 ? listenPort : FreePorts.tcp(listenHost);
    TcpProxy proxy = new TcpProxy(name, new InetSocketAddress(listenHost, port), target);
    proxy.restore();
    return proxy;
  }

  /** HOST:PORT that the program should use instead of the target's. */
  public String address() {
    return listen.getHostString() + ":" + listen.getPort();
  }

  public synchronized boolean isCut() {
    return server == null;
  }

  /** Listens again (no-op when not cut). */
  public synchronized void restore() throws IOException {
    if (server != null) {
      return;
    }
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(listen, 64);
    server = socket;
    Thread.ofVirtual().name("proxy-" + name).start(() -> accept(socket));
  }

  /** Drops every relayed connection and stops listening. */
  public synchronized void cut() {
    if (server == null) {
      return;
    }
    closeQuietly(server);
    server = null;
    open.forEach(TcpProxy::closeQuietly);
    open.clear();
  }

  private void accept(ServerSocket socket) {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Socket upstream = new Socket();
        try {
          upstream.connect(target, 2000);
        } catch (IOException refused) {
          closeQuietly(client);
          closeQuietly(upstream);
          continue;
        }
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        open.add(client);
        open.add(upstream);
        if (socket.isClosed()) { // cut while connecting
          closeQuietly(client);
          closeQuietly(upstream);
          return;
        }
        Thread.ofVirtual().start(() -> pump(client, upstream));
        Thread.ofVirtual().start(() -> pump(upstream, client));
      } catch (IOException e) {
        return; // the listening socket was closed by cut()
      }
    }
  }

  private void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // one side closed or was cut: close both below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
      open.remove(from);
      open.remove(to);
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // already closed
    }
  }

  @Override
  public void close() {
    cut();
  }
}
