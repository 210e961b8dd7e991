package dev.vigil.agent.probe.http;

import java.io.IOException;

/** The peer answered something that is not HTTP/1.x. */
final class ProtocolViolation extends IOException {
  ProtocolViolation(String message) {
    super(message);
  }
}
