package dev.vigil.agent.probe.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CertificateNamesTest {

  static Stream<Arguments> patterns() {
    return Stream.of(
        Arguments.of("www.example.com", "www.example.com", true),
        Arguments.of("www.example.com", "api.example.com", false),
        Arguments.of("*.example.com", "www.example.com", true),
        Arguments.of("*.example.com", "example.com", false),
        Arguments.of("*.example.com", "a.b.example.com", false),
        Arguments.of("*.com", "example.com", true),
        Arguments.of("*", "example", false),
        Arguments.of("w*.example.com", "www.example.com", false));
  }

  @ParameterizedTest
  @MethodSource("patterns")
  void wildcardStandsForOneWholeLeftMostLabel(String pattern, String host, boolean matches) {
    assertEquals(matches, CertificateNames.matchesPattern(pattern, host));
  }
}
