package dev.vigil.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostPortTest {

  static Stream<Arguments> valid() {
    return Stream.of(
        Arguments.of("127.0.0.1:7000", "127.0.0.1", 7000),
        Arguments.of("controller-1.example:443", "controller-1.example", 443),
        Arguments.of("[::1]:53", "::1", 53),
        Arguments.of(" localhost:0 ", "localhost", 0));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void parsesHostAndPort(String text, String host, int port) {
    HostPort hp = HostPort.parse(text);
    assertEquals(new HostPort(host, port), hp);
    assertEquals(hp, HostPort.parse(hp.toString()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "host", ":80", "host:", "host:x", "host:65536", "::1:53", "[::1]53", "[::1]"})
  void rejectsAnythingElse(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostPort.parse(text));
    assertEquals("'" + text + "' is not HOST:PORT", e.getMessage());
  }
}
