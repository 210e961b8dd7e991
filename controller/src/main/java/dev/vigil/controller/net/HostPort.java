package dev.vigil.controller.net;

import java.net.InetSocketAddress;

/**
 * A listen or peer address, HOST:PORT; IPv6 literals in brackets ([::1]:7070).
 *
 * @param host without brackets
 */
public record HostPort(String host, int port) {

  /** @throws IllegalArgumentException "'x' is not HOST:PORT" or a bad port */
  public static HostPort parse(String text) {
    String s = text == null ? "" : text.strip();
    int colon = s.lastIndexOf(':');
    if (colon <= 0 || colon == s.length() - 1) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    } else if (host.contains(":")) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (write IPv6 as [::1]:PORT)");
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("'" + text + "': port must be 0-65535");
    }
    return new HostPort(host, port);
  }

  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(host, port);
  }

  @Override
  public String toString() {
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }
}
