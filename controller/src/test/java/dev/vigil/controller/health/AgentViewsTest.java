package dev.vigil.controller.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class AgentViewsTest {

  private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

  static ProbeObservation observation(int second, boolean healthy) {
    return new ProbeObservation("agent-1", "eu", "web", T0.plusSeconds(second), healthy, healthy ? "HTTP 200" : "HTTP 503");
  }

  /** Results as 'H'/'U', one per second; returns the view's health after each, as 'H'/'U'. */
  static String viewsAfter(String results, int threshold) {
    StringBuilder views = new StringBuilder();
    AgentView view = null;
    for (int i = 0; i < results.length(); i++) {
      view = AgentViews.next(view, observation(i, results.charAt(i) == 'H'), threshold);
      views.append(view.healthy() ? 'H' : 'U');
    }
    return views.toString();
  }

  static Stream<Arguments> sequences() {
    return Stream.of(
        argumentSet("threshold 1: the first failure flips a new view", 1, "U", "U"),
        argumentSet("threshold 1: every change flips", 1, "HUHUU", "HUHUU"),
        argumentSet("threshold 1: a first success stays healthy", 1, "H", "H"),
        argumentSet("threshold 3: three failures flip down", 3, "UUU", "HHU"),
        argumentSet("threshold 3: three successes flip back up", 3, "UUUHHH", "HHUUUH"),
        argumentSet("threshold 3: an agreeing success resets the failure streak", 3, "UUHUUHUUU", "HHHHHHHHU"),
        argumentSet("threshold 3: an agreeing failure resets the success streak", 3, "UUUHHUHH", "HHUUUUUU"),
        argumentSet("threshold 3: sporadic failures never flip", 3, "UHUHUHUH", "HHHHHHHH"),
        argumentSet("threshold 10: nine failures are not enough", 10, "UUUUUUUUU", "HHHHHHHHH"),
        argumentSet("threshold 10: ten failures flip, ten successes flip back", 10,
            "UUUUUUUUUU" + "HHHHHHHHHH", "HHHHHHHHHU" + "UUUUUUUUUH"),
        argumentSet("threshold 10: one success in between restarts the count", 10,
            "UUUUUUUUUHUUUUUUUUUU", "HHHHHHHHHHHHHHHHHHHU"));
  }

  @ParameterizedTest
  @MethodSource("sequences")
  void flipsAfterThresholdConsecutiveOpposingResults(int threshold, String results, String expectedViews) {
    assertEquals(expectedViews, viewsAfter(results, threshold));
  }

  @Test
  void countsTheOpposingStreakAndResetsItOnAFlip() {
    AgentView view = AgentViews.next(null, observation(0, false), 3);
    assertEquals(1, view.opposingStreak());
    view = AgentViews.next(view, observation(1, false), 3);
    assertEquals(2, view.opposingStreak());
    view = AgentViews.next(view, observation(2, false), 3);
    assertEquals(false, view.healthy());
    assertEquals(0, view.opposingStreak());
    view = AgentViews.next(view, observation(3, true), 3);
    assertEquals(1, view.opposingStreak());
    view = AgentViews.next(view, observation(4, false), 3);
    assertEquals(0, view.opposingStreak());
  }

  @Test
  void theFirstResultStartsAHealthyViewOfThatAgent() {
    ProbeObservation first = observation(7, false);
    assertEquals(new AgentView("agent-1", "eu", "web", true, 1, T0.plusSeconds(7), first),
        AgentViews.next(null, first, 3));
  }

  @Test
  void anOutOfOrderResultIsIgnored() {
    AgentView view = AgentViews.next(null, observation(10, false), 2);
    assertSame(view, AgentViews.next(view, observation(9, false), 2));
  }

  @Test
  void aResultAtTheSameInstantIsApplied() {
    AgentView view = AgentViews.next(null, observation(10, false), 2);
    assertEquals(false, AgentViews.next(view, observation(10, false), 2).healthy());
  }

  @Test
  void tracksTheNewestResultAndRegion() {
    AgentView view = AgentViews.next(null, observation(0, true), 3);
    ProbeObservation moved = new ProbeObservation("agent-1", "us", "web", T0.plusSeconds(5), false, "timeout");
    AgentView next = AgentViews.next(view, moved, 3);
    assertEquals("us", next.region());
    assertEquals(T0.plusSeconds(5), next.lastObservedAt());
    assertSame(moved, next.last());
  }

  @Test
  void refusesAResultOfAnotherAgentOrCheck() {
    AgentView view = AgentViews.next(null, observation(0, true), 3);
    ProbeObservation otherAgent = new ProbeObservation("agent-2", "eu", "web", T0.plusSeconds(1), true, "");
    ProbeObservation otherCheck = new ProbeObservation("agent-1", "eu", "api", T0.plusSeconds(1), true, "");
    assertThrows(IllegalArgumentException.class, () -> AgentViews.next(view, otherAgent, 3));
    assertThrows(IllegalArgumentException.class, () -> AgentViews.next(view, otherCheck, 3));
  }

  @Test
  void refusesAThresholdBelowOne() {
    assertThrows(IllegalArgumentException.class, () -> AgentViews.next(null, observation(0, true), 0));
  }
}
