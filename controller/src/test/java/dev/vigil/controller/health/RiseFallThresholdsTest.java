package dev.vigil.controller.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Native HealthyThreshold (rise) and UnhealthyThreshold (fall) per agent; equal, they are Route 53's FailureThreshold. */
@Timeout(10)
class RiseFallThresholdsTest {

  /** Results as 'H'/'U', one per second; the view after each, as 'H'/'U'. */
  static String viewsAfter(String results, int rise, int fall) {
    StringBuilder views = new StringBuilder();
    AgentView view = null;
    for (int i = 0; i < results.length(); i++) {
      view = AgentViews.next(view, AgentViewsTest.observation(i, results.charAt(i) == 'H'), rise, fall);
      views.append(view.healthy() ? 'H' : 'U');
    }
    return views.toString();
  }

  static Stream<Arguments> sequences() {
    return Stream.of(
        argumentSet("Route 53: equal thresholds flip the same both ways", 3, 3, "UUUHHH", "HHUUUH"),
        argumentSet("fall 1: the first failure takes it down", 5, 1, "HUH", "HUU"),
        argumentSet("rise 5: five successes in a row to come back", 5, 1, "UHHHHH", "UUUUUH"),
        argumentSet("rise 5: a failure restarts the rise count", 5, 1, "UHHHHUHHHHH", "UUUUUUUUUUH"),
        argumentSet("fall 3, rise 1: slow to fail, quick to recover", 1, 3, "UUUH", "HHUH"),
        argumentSet("fall 3: sporadic failures never take it down", 1, 3, "UUHUUHUU", "HHHHHHHH"),
        argumentSet("a new view starts healthy whatever the thresholds", 10, 10, "H", "H"));
  }

  @ParameterizedTest
  @MethodSource("sequences")
  void flipsUpAfterRiseAndDownAfterFallConsecutiveResults(int rise, int fall, String results, String expected) {
    assertEquals(expected, viewsAfter(results, rise, fall));
  }

  @Test
  void equalThresholdsAreTheRoute53Rule() {
    String results = "UUHUUUHHUHHHUUUUHH";
    assertEquals(AgentViewsTest.viewsAfter(results, 3), viewsAfter(results, 3, 3));
  }

  @Test
  void refusesAThresholdBelowOne() {
    assertThrows(IllegalArgumentException.class, () -> viewsAfter("H", 0, 3));
    assertThrows(IllegalArgumentException.class, () -> viewsAfter("H", 3, 0));
  }
}
