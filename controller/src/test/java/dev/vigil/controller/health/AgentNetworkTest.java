package dev.vigil.controller.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AgentNetworkTest {

  private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

  static Stream<Arguments> reports() {
    return Stream.of(
        Arguments.of(false, 0, true),
        Arguments.of(false, 30, true),
        Arguments.of(false, 31, false),
        Arguments.of(true, 0, false));
  }

  @ParameterizedTest(name = "network_ok={0}, {1}s after a 10s-round report → sick={2}")
  @MethodSource("reports")
  void aBrokenNetworkReportCountsForThreeRounds(boolean ok, int secondsLater, boolean sick) {
    AgentNetwork n = new AgentNetwork("a", "eu", ok, T, T, Duration.ofSeconds(10), "0 of 1 canary healthy");
    assertEquals(sick, n.sickAt(T.plusSeconds(secondsLater)));
  }
}
