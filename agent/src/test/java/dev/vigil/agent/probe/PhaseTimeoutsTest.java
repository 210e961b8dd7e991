package dev.vigil.agent.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PhaseTimeoutsTest {

  static Stream<Arguments> http() {
    return Stream.of(
        Arguments.of(1, false, 600, 300, 0),
        Arguments.of(1, true, 450, 225, 225),
        Arguments.of(5, false, 3000, 1500, 0),
        Arguments.of(10, false, 4000, 2000, 0),
        Arguments.of(10, true, 4000, 2000, 2000),
        Arguments.of(30, true, 4000, 2000, 2000));
  }

  @ParameterizedTest
  @MethodSource("http")
  void httpUsesRoute53LimitsScaledToFitNinetyPercentOfInterval(int intervalSeconds, boolean body, long connect,
      long response, long bodyMs) {
    PhaseTimeouts t = PhaseTimeouts.http(Duration.ofSeconds(intervalSeconds), body);
    assertEquals(new PhaseTimeouts(Duration.ofMillis(connect), Duration.ofMillis(response), Duration.ofMillis(bodyMs)),
        t);
    assertTrue(t.total().toMillis() <= intervalSeconds * 900L);
  }

  static Stream<Arguments> tcp() {
    return Stream.of(Arguments.of(1, 900), Arguments.of(10, 9000), Arguments.of(12, 10_000),
        Arguments.of(30, 10_000));
  }

  @ParameterizedTest
  @MethodSource("tcp")
  void tcpConnectsWithinTenSecondsOrNinetyPercentOfInterval(int intervalSeconds, long connect) {
    assertEquals(Duration.ofMillis(connect), PhaseTimeouts.tcp(Duration.ofSeconds(intervalSeconds)).connect());
  }
}
