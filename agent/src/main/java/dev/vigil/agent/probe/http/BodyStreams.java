package dev.vigil.agent.probe.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/** The decoded body of a response: transfer framing removed, then gzip/deflate content coding undone. */
final class BodyStreams {

  private BodyStreams() {}

  static InputStream open(int status, Map<String, String> headers, InputStream in) throws IOException {
    return decoded(headers.getOrDefault("content-encoding", ""), framed(status, headers, in));
  }

  static InputStream framed(int status, Map<String, String> headers, InputStream in) throws IOException {
    if (status / 100 == 1 || status == 204 || status == 304) {
      return InputStream.nullInputStream();
    }
    List<String> transfer = codings(headers.getOrDefault("transfer-encoding", ""));
    if (!transfer.isEmpty()) {
      if (!transfer.getLast().equals("chunked")) {
        return in; // RFC 9112: a non-chunked final transfer coding means read until close.
      }
      return new ChunkedInputStream(in);
    }
    String length = headers.get("content-length");
    if (length != null) {
      try {
        long n = Long.parseLong(length.split(",")[0].strip());
        if (n < 0) {
          throw new NumberFormatException();
        }
        return new BoundedInputStream(in, n);
      } catch (NumberFormatException e) {
        throw new ProtocolViolation("bad Content-Length: " + length);
      }
    }
    return in;
  }

  /** Undo content codings in reverse order; unknown codings are left as they are (matching then fails). */
  static InputStream decoded(String contentEncoding, InputStream in) throws IOException {
    List<String> codings = new ArrayList<>(codings(contentEncoding));
    InputStream out = in;
    for (int i = codings.size() - 1; i >= 0; i--) {
      switch (codings.get(i)) {
        case "gzip", "x-gzip" -> out = new GZIPInputStream(out, 1024);
        case "deflate" -> out = inflating(out);
        default -> {
          return out;
        }
      }
    }
    return out;
  }

  /** "deflate" should be zlib-wrapped, but some servers send raw deflate; look at the header to tell. */
  private static InputStream inflating(InputStream in) throws IOException {
    PushbackInputStream peek = new PushbackInputStream(in, 2);
    byte[] head = peek.readNBytes(2);
    peek.unread(head);
    boolean zlib = head.length == 2 && (head[0] & 0x0f) == 8 && ((head[0] & 0xff) * 256 + (head[1] & 0xff)) % 31 == 0;
    return new InflaterInputStream(peek, new Inflater(!zlib), 1024);
  }

  private static List<String> codings(String header) {
    if (header.isBlank()) {
      return List.of();
    }
    return Arrays.stream(header.split(","))
        .map(s -> s.strip().toLowerCase(Locale.ROOT))
        .filter(s -> !s.isEmpty() && !s.equals("identity"))
        .toList();
  }
}
