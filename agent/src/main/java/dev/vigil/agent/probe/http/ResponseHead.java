package dev.vigil.agent.probe.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses an HTTP/1.x status line and header block from a stream. */
final class ResponseHead {

  /** Route 53 allows at most 16 KiB of response headers. */
  static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final int MAX_STATUS_LINE = 8 * 1024;
  private static final Pattern STATUS = Pattern.compile("HTTP/\\d\\.\\d (\\d{3})(?: .*)?");

  private ResponseHead() {}

  /** The status code of a status line whose first byte was already read. */
  static int statusCode(int firstByte, InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    line.write(firstByte);
    String text = readLine(in, line, MAX_STATUS_LINE);
    if (text == null) {
      throw new ProtocolViolation("connection closed inside the status line");
    }
    Matcher m = STATUS.matcher(text);
    if (!m.matches()) {
      throw new ProtocolViolation("not an HTTP status line: " + printable(text));
    }
    return Integer.parseInt(m.group(1));
  }

  /** Header fields up to the empty line; names lower-cased, repeated fields joined with ", ". */
  static Map<String, String> headers(InputStream in) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    int total = 0;
    String last = null;
    while (true) {
      String line = readLine(in, new ByteArrayOutputStream(), MAX_HEADER_BYTES - total);
      if (line == null) {
        throw new ProtocolViolation("connection closed inside the response headers");
      }
      total += line.length() + 2;
      if (line.isEmpty()) {
        return headers;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
        headers.merge(last, line.strip(), (a, b) -> a + " " + b);
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new ProtocolViolation("malformed header line: " + printable(line));
      }
      last = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      headers.merge(last, line.substring(colon + 1).strip(), (a, b) -> a + ", " + b);
    }
  }

  /** A line without its CR LF (a bare LF is accepted); null on end of stream before any byte. */
  static String readLine(InputStream in, ByteArrayOutputStream line, int maxBytes) throws IOException {
    while (true) {
      int b = in.read();
      if (b < 0) {
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
      }
      if (b == '\n') {
        byte[] bytes = line.toByteArray();
        int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
      }
      line.write(b);
      if (line.size() > maxBytes) {
        throw new ProtocolViolation("response header too long (limit " + MAX_HEADER_BYTES + " bytes)");
      }
    }
  }

  private static String printable(String s) {
    String cut = s.length() > 60 ? s.substring(0, 60) : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
