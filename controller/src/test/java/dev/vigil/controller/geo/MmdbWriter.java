package dev.vigil.controller.geo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small MaxMind DB files (format 2.0: binary search tree, 16 zero bytes, data section, metadata) for tests, so
 * that no test needs a downloaded GeoIP database. Values may be String, Integer/Long (uint32/uint64), Boolean, Map
 * with String keys, and List. IPv4 networks in an IPv6 database live under ::/96, as in MaxMind's own files.
 * Shared with the e2e module through the controller's test-jar.
 */
public final class MmdbWriter {

  private static final byte[] METADATA_MARKER = {(byte) 0xAB, (byte) 0xCD, (byte) 0xEF,
      'M', 'a', 'x', 'M', 'i', 'n', 'd', '.', 'c', 'o', 'm'};
  private static final int RECORD_SIZE = 24;

  /** A trie node: each side is null (no data), a Node, or a data value (any other object). */
  private static final class Node {
    final Object[] side = new Object[2];
  }

  private record Data(Object value) {}

  private final int ipVersion;
  private final Node root = new Node();

  /** @param ipVersion 4 (IPv4 only) or 6 */
  public MmdbWriter(int ipVersion) {
    if (ipVersion != 4 && ipVersion != 6) {
      throw new IllegalArgumentException("ip version 4 or 6");
    }
    this.ipVersion = ipVersion;
  }

  /** The location data MaxMind's GeoIP2 Country/City databases hold, as geolocation routing reads it. */
  public static Map<String, Object> location(String continent, String country, String subdivision) {
    Map<String, Object> data = new LinkedHashMap<>();
    if (!continent.isEmpty()) {
      data.put("continent", Map.of("code", continent));
    }
    if (!country.isEmpty()) {
      data.put("country", Map.of("iso_code", country));
    }
    if (!subdivision.isEmpty()) {
      data.put("subdivisions", List.of(Map.of("iso_code", subdivision)));
    }
    return data;
  }

  /** @param cidr e.g. "192.0.2.0/24" or "2001:db8::/32"; networks may nest (the later insert wins inside) */
  public MmdbWriter insert(String cidr, Object value) {
    int slash = cidr.indexOf('/');
    byte[] address;
    try {
      address = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
    } catch (IOException e) {
      throw new IllegalArgumentException(cidr, e);
    }
    int length = Integer.parseInt(cidr.substring(slash + 1));
    if (ipVersion == 6 && address.length == 4) {
      byte[] v6 = new byte[16];
      System.arraycopy(address, 0, v6, 12, 4);
      address = v6;
      length += 96;
    } else if (ipVersion == 4 && address.length == 16) {
      throw new IllegalArgumentException("IPv6 network in an IPv4 database: " + cidr);
    }
    if (length == 0) {
      throw new IllegalArgumentException("a network needs at least one bit");
    }
    Node node = root;
    for (int i = 0; i < length - 1; i++) {
      int bit = bit(address, i);
      Object next = node.side[bit];
      if (!(next instanceof Node)) {
        Node split = new Node();
        split.side[0] = next; // a larger network's data covers both halves below
        split.side[1] = next;
        node.side[bit] = split;
        next = split;
      }
      node = (Node) next;
    }
    node.side[bit(address, length - 1)] = new Data(value);
    return this;
  }

  private static int bit(byte[] address, int index) {
    return (address[index / 8] >> (7 - index % 8)) & 1;
  }

  public void write(Path file) throws IOException {
    Files.write(file, bytes());
  }

  public byte[] bytes() {
    List<Node> nodes = new ArrayList<>();
    Map<Node, Integer> index = new HashMap<>();
    number(root, nodes, index);
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    Map<Object, Integer> offsets = new HashMap<>();
    int count = nodes.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Node node : nodes) {
      for (Object side : node.side) {
        long record;
        if (side == null) {
          record = count;
        } else if (side instanceof Node child) {
          record = index.get(child);
        } else {
          Object value = ((Data) side).value();
          Integer offset = offsets.get(value);
          if (offset == null) {
            offset = data.size();
            offsets.put(value, offset);
            encode(value, data);
          }
          record = count + 16L + offset;
        }
        if (record >= 1L << RECORD_SIZE) {
          throw new IllegalStateException("database too large for 24-bit records");
        }
        out.write((int) (record >> 16));
        out.write((int) (record >> 8));
        out.write((int) record);
      }
    }
    out.writeBytes(new byte[16]);
    out.writeBytes(data.toByteArray());
    out.writeBytes(METADATA_MARKER);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("node_count", count); // uint32
    metadata.put("record_size", new Uint16(RECORD_SIZE));
    metadata.put("ip_version", new Uint16(ipVersion));
    metadata.put("database_type", "Vigil-Test-Country");
    metadata.put("languages", List.of("en"));
    metadata.put("binary_format_major_version", new Uint16(2));
    metadata.put("binary_format_minor_version", new Uint16(0));
    metadata.put("build_epoch", new Uint64(1_700_000_000L));
    metadata.put("description", Map.of("en", "vigil test database"));
    encode(metadata, out);
    return out.toByteArray();
  }

  private static void number(Node node, List<Node> nodes, Map<Node, Integer> index) {
    List<Node> queue = new ArrayList<>();
    queue.add(node);
    for (int i = 0; i < queue.size(); i++) {
      Node next = queue.get(i);
      if (index.containsKey(next)) {
        continue;
      }
      index.put(next, nodes.size());
      nodes.add(next);
      for (Object side : next.side) {
        if (side instanceof Node child) {
          queue.add(child);
        }
      }
    }
  }

  private record Uint16(int value) {}

  private record Uint64(long value) {}

  private static void encode(Object value, ByteArrayOutputStream out) {
    switch (value) {
      case String s -> {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        control(2, utf8.length, out);
        out.writeBytes(utf8);
      }
      case Uint16 u -> unsigned(5, u.value(), out);
      case Integer i -> unsigned(6, i, out);
      case Long l -> unsigned(9, l, out);
      case Uint64 u -> unsigned(9, u.value(), out);
      case Boolean b -> control(14, b ? 1 : 0, out);
      case Map<?, ?> map -> {
        control(7, map.size(), out);
        map.forEach((k, v) -> {
          encode((String) k, out);
          encode(v, out);
        });
      }
      case List<?> list -> {
        control(11, list.size(), out);
        list.forEach(v -> encode(v, out));
      }
      default -> throw new IllegalArgumentException("cannot encode " + value.getClass());
    }
  }

  private static void unsigned(int type, long value, ByteArrayOutputStream out) {
    int length = 0;
    for (long v = value; v != 0; v >>>= 8) {
      length++;
    }
    control(type, length, out);
    for (int i = length - 1; i >= 0; i--) {
      out.write((int) (value >>> (8 * i)));
    }
  }

  /** Control byte(s): type in the top 3 bits (0 = extended, then type - 7 in the next byte), then the size. */
  private static void control(int type, int size, ByteArrayOutputStream out) {
    int sizeBits;
    byte[] sizeBytes;
    if (size < 29) {
      sizeBits = size;
      sizeBytes = new byte[0];
    } else if (size < 285) {
      sizeBits = 29;
      sizeBytes = new byte[] {(byte) (size - 29)};
    } else if (size < 65_821) {
      sizeBits = 30;
      int rest = size - 285;
      sizeBytes = new byte[] {(byte) (rest >> 8), (byte) rest};
    } else {
      sizeBits = 31;
      int rest = size - 65_821;
      sizeBytes = new byte[] {(byte) (rest >> 16), (byte) (rest >> 8), (byte) rest};
    }
    if (type <= 7) {
      out.write((type << 5) | sizeBits);
    } else {
      out.write(sizeBits);
      out.write(type - 7);
    }
    out.writeBytes(sizeBytes);
  }
}
