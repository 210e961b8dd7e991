package dev.vigil.agent.probe;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** The resolved address of a target, and how to print it. */
public record Endpoint(InetAddress address, int port) {

  private static final Pattern IPV4 =
      Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

  /** Thrown when the FQDN does not resolve. */
  public static final class ResolutionFailed extends Exception {
    public ResolutionFailed(String message) {
      super(message);
    }
  }

  /** The IP literal when present (no lookup), else the FQDN resolved now. */
  public static Endpoint resolve(Target target, AddressResolver resolver) throws ResolutionFailed {
    try {
      if (!target.ipAddress().isEmpty()) {
        if (!isIpLiteral(target.ipAddress())) {
          throw new ResolutionFailed("not an IP address: " + target.ipAddress());
        }
        return new Endpoint(InetAddress.getByName(target.ipAddress()), target.port());
      }
      return new Endpoint(resolver.resolve(target.fqdn()), target.port());
    } catch (UnknownHostException | SecurityException e) {
      throw new ResolutionFailed("DNS resolution failed for " + target.fqdn());
    }
  }

  /** True for an IPv4 dotted quad or something IPv6-shaped (InetAddress parses it without a lookup). */
  public static boolean isIpLiteral(String s) {
    return IPV4.matcher(s).matches() || s.contains(":");
  }

  public InetSocketAddress socketAddress() {
    return new InetSocketAddress(address, port);
  }

  public String ip() {
    return address.getHostAddress();
  }

  /** "127.0.0.1:80" or "[::1]:80". */
  @Override
  public String toString() {
    return (address instanceof Inet6Address ? "[" + ip() + "]" : ip()) + ":" + port;
  }
}
