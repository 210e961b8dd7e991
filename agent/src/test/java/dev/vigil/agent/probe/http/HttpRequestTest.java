package dev.vigil.agent.probe.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.agent.probe.ProbeSpec;
import dev.vigil.agent.probe.Target;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HttpRequestTest {

  static Stream<Arguments> hosts() {
    return Stream.of(
        Arguments.of(false, "192.0.2.1", "", 80, "192.0.2.1"),
        Arguments.of(false, "192.0.2.1", "", 8080, "192.0.2.1:8080"),
        Arguments.of(false, "192.0.2.1", "www.example.com", 80, "www.example.com"),
        Arguments.of(false, "", "www.example.com", 443, "www.example.com:443"),
        Arguments.of(true, "", "www.example.com", 443, "www.example.com"),
        Arguments.of(true, "", "www.example.com", 8443, "www.example.com:8443"),
        Arguments.of(false, "2001:db8::1", "", 80, "[2001:db8::1]"),
        Arguments.of(false, "2001:db8::1", "", 81, "[2001:db8::1]:81"));
  }

  @ParameterizedTest
  @MethodSource("hosts")
  void hostHeaderIsFqdnElseIpWithPortUnlessDefault(boolean tls, String ip, String fqdn, int port, String expected) {
    assertEquals(expected, HttpRequest.hostHeader(new ProbeSpec.Http(tls, "/", "", false, false),
        new Target(ip, fqdn, port)));
  }

  static Stream<Arguments> paths() {
    return Stream.of(Arguments.of("", "/"), Arguments.of("/", "/"), Arguments.of("a/b?c=d", "/a/b?c=d"),
        Arguments.of("/x", "/x"));
  }

  @ParameterizedTest
  @MethodSource("paths")
  void resourcePathDefaultsToSlashAndIsRooted(String given, String expected) {
    assertEquals(expected, new ProbeSpec.Http(false, given, "", false, false).resourcePath());
  }
}
