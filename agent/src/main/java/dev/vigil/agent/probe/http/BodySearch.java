package dev.vigil.agent.probe.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Route 53 string matching: the string must lie entirely within the first 5,120 bytes of the body. */
final class BodySearch {

  static final int WINDOW = 5120;

  private BodySearch() {}

  /**
   * Reads the decoded body until the needle is found, the window is full or the body ends. Stops reading as soon
   * as the answer is known, so a server that keeps the connection open after sending enough is still healthy.
   */
  static boolean find(InputStream body, byte[] needle) throws IOException {
    byte[] window = new byte[WINDOW];
    int filled = 0;
    while (filled < WINDOW) {
      int n;
      try {
        n = body.read(window, filled, WINDOW - filled);
      } catch (EOFException e) {
        n = -1; // A truncated compressed body: search what was decoded.
      }
      if (n < 0) {
        break;
      }
      int from = Math.max(0, filled - needle.length + 1);
      filled += n;
      if (indexOf(window, filled, needle, from) >= 0) {
        return true;
      }
    }
    return indexOf(window, filled, needle, 0) >= 0;
  }

  static int indexOf(byte[] haystack, int length, byte[] needle, int from) {
    outer:
    for (int i = from; i <= length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
