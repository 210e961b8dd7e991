package dev.vigil.agent.probe.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Decodes a chunked transfer coding (RFC 9112 §7.1); chunk extensions and trailers are skipped. */
final class ChunkedInputStream extends InputStream {

  private final InputStream in;
  private long remaining;
  private boolean done;
  private boolean first = true;

  ChunkedInputStream(InputStream in) {
    this.in = in;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (done) {
      return -1;
    }
    if (remaining == 0) {
      nextChunk();
      if (done) {
        return -1;
      }
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new ProtocolViolation("connection closed inside a chunk");
    }
    remaining -= n;
    return n;
  }

  private void nextChunk() throws IOException {
    if (!first) {
      String crlf = ResponseHead.readLine(in, new ByteArrayOutputStream(), 2);
      if (crlf == null || !crlf.isEmpty()) {
        throw new ProtocolViolation("chunk not followed by CRLF");
      }
    }
    first = false;
    String sizeLine = ResponseHead.readLine(in, new ByteArrayOutputStream(), 1024);
    if (sizeLine == null) {
      throw new ProtocolViolation("connection closed before a chunk size");
    }
    int semicolon = sizeLine.indexOf(';');
    String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip();
    try {
      remaining = Long.parseLong(hex, 16);
    } catch (NumberFormatException e) {
      throw new ProtocolViolation("bad chunk size: " + hex);
    }
    if (remaining < 0) {
      throw new ProtocolViolation("bad chunk size: " + hex);
    }
    if (remaining == 0) {
      done = true; // Trailers are not needed: the body ends here.
    }
  }
}
