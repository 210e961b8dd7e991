package dev.vigil.controller.model;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IPv4 or IPv6 network, host bits zero, e.g. 192.0.2.0/24. Immutable. */
public final class Cidr implements Comparable<Cidr> {

  private final byte[] address;
  private final int prefixLength;

  private Cidr(byte[] address, int prefixLength) {
    this.address = address;
    this.prefixLength = prefixLength;
  }

  /**
   * @param text "ADDRESS/LENGTH"; an address alone is a host route
   * @throws IllegalArgumentException with a message fit for a config problem
   */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    String host = slash < 0 ? text : text.substring(0, slash);
    if (!host.matches("[0-9a-fA-F:.]+") || (!host.contains(":") && !host.matches("\\d+\\.\\d+\\.\\d+\\.\\d+"))) {
      throw new IllegalArgumentException("'" + text + "' is not a CIDR block, e.g. 192.0.2.0/24 or 2001:db8::/32");
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(host).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + text + "' is not a CIDR block, e.g. 192.0.2.0/24 or 2001:db8::/32");
    }
    if (host.contains(":") && bytes.length == 4) { // ::ffff:a.b.c.d: Java makes it IPv4; say so
      throw new IllegalArgumentException("'" + text + "' is an IPv4-mapped address; write it as IPv4");
    }
    int max = bytes.length * 8;
    int length = max;
    if (slash >= 0) {
      String digits = text.substring(slash + 1);
      if (!digits.matches("\\d{1,3}") || Integer.parseInt(digits) > max) {
        throw new IllegalArgumentException("'" + text + "': prefix length must be 0-" + max);
      }
      length = Integer.parseInt(digits);
    }
    Cidr cidr = of(bytes, length);
    if (!Arrays.equals(cidr.address, bytes)) {
      throw new IllegalArgumentException("'" + text + "' has host bits set (did you mean " + cidr + "?)");
    }
    return cidr;
  }

  /** The network of {@code address} with {@code prefixLength}: host bits are cleared. */
  public static Cidr of(byte[] address, int prefixLength) {
    if (address.length != 4 && address.length != 16 || prefixLength < 0 || prefixLength > address.length * 8) {
      throw new IllegalArgumentException("bad network " + Arrays.toString(address) + "/" + prefixLength);
    }
    byte[] network = address.clone();
    for (int bit = prefixLength; bit < network.length * 8; bit++) {
      network[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return new Cidr(network, prefixLength);
  }

  public byte[] address() {
    return address.clone();
  }

  public int prefixLength() {
    return prefixLength;
  }

  public boolean isIpv4() {
    return address.length == 4;
  }

  /** Whether {@code host} (4 or 16 bytes) is inside this network. */
  public boolean contains(byte[] host) {
    return host.length == address.length && of(host, prefixLength).equals(this);
  }

  /** Whether {@code other} lies inside this network (or is it). */
  public boolean encloses(Cidr other) {
    return other.address.length == address.length && other.prefixLength >= prefixLength && contains(other.address);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefixLength == prefixLength && Arrays.equals(c.address, address);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(address) * 31 + prefixLength;
  }

  @Override
  public int compareTo(Cidr o) {
    int byFamily = Integer.compare(address.length, o.address.length);
    if (byFamily != 0) {
      return byFamily;
    }
    int byAddress = Arrays.compareUnsigned(address, o.address);
    return byAddress != 0 ? byAddress : Integer.compare(prefixLength, o.prefixLength);
  }

  /** e.g. "192.0.2.0/24", "2001:db8::/32" (RFC 5952: the longest run of zero groups compressed). */
  @Override
  public String toString() {
    if (address.length == 4) {
      return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "." + (address[3] & 0xff)
          + "/" + prefixLength;
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (address[2 * i] & 0xff) << 8 | (address[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (!text.isEmpty() && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text + "/" + prefixLength;
  }
}
