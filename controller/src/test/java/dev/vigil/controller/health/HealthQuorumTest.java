package dev.vigil.controller.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.vigil.controller.model.CheckType;
import dev.vigil.controller.model.HealthCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class HealthQuorumTest {

  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

  static HealthCheck check(boolean inverted, boolean disabled, List<String> regions) {
    return new HealthCheck("web", CheckType.HTTP, "127.0.0.2", "", 80, "/", "", 10, 3,
        false, inverted, disabled, false, regions);
  }

  static final HealthCheck PLAIN = check(false, false, List.of());

  static AgentView view(String agent, String region, boolean healthy, int secondsAgo) {
    Instant at = NOW.minusSeconds(secondsAgo);
    return new AgentView(agent, region, "web", healthy, 0, at,
        new ProbeObservation(agent, region, "web", at, healthy, healthy ? "ok" : "down"));
  }

  /** {@code healthy} fresh healthy views and {@code total - healthy} fresh unhealthy ones, one per region. */
  static List<AgentView> fresh(int healthy, int total) {
    List<AgentView> views = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      views.add(view("agent-" + i, "region-" + i, i < healthy, 5));
    }
    return views;
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      1 | 5   | true  | 1 of 5 agents healthy (20% > 18%)
      1 | 6   | false | 1 of 6 agents healthy (17% <= 18%)
      1 | 3   | true  | 1 of 3 agents healthy (33% > 18%)
      0 | 3   | false | 0 of 3 agents healthy (0% <= 18%)
      3 | 3   | true  | 3 of 3 agents healthy (100% > 18%)
      1 | 1   | true  | 1 of 1 agent healthy (100% > 18%)
      0 | 1   | false | 0 of 1 agent healthy (0% <= 18%)
      9 | 50  | false | 9 of 50 agents healthy (18% <= 18%)
      91| 500 | true  | 91 of 500 agents healthy (18.2% > 18%)
      89| 500 | false | 89 of 500 agents healthy (17.8% <= 18%)
      """)
  void isHealthyOnlyAboveEighteenPercentOfFreshAgents(int healthy, int total, boolean expected, String cause) {
    assertEquals(new HealthDecision(expected, cause), HealthQuorum.decide(PLAIN, fresh(healthy, total), NOW, !expected));
  }

  @ParameterizedTest
  @CsvSource({"true, no fresh results; keeping healthy", "false, no fresh results; keeping unhealthy"})
  void keepsTheCurrentHealthWithoutFreshResults(boolean current, String cause) {
    assertEquals(new HealthDecision(current, cause), HealthQuorum.decide(PLAIN, List.of(), NOW, current));
    List<AgentView> stale = List.of(view("a", "eu", !current, 31), view("b", "us", !current, 3600));
    assertEquals(new HealthDecision(current, cause), HealthQuorum.decide(PLAIN, stale, NOW, current));
  }

  static Stream<Arguments> staleness() {
    return Stream.of(
        argumentSet("stale failures leave the denominator",
            List.of(view("a", "eu", true, 30), view("b", "us", false, 31), view("c", "ap", false, 31),
                view("d", "sa", false, 31), view("e", "af", false, 31), view("f", "oc", false, 31)),
            new HealthDecision(true, "1 of 1 agent healthy (100% > 18%)")),
        argumentSet("stale successes do not save it",
            List.of(view("a", "eu", false, 0), view("b", "us", true, 31), view("c", "ap", true, 300)),
            new HealthDecision(false, "0 of 1 agent healthy (0% <= 18%)")),
        argumentSet("exactly three intervals old is still fresh",
            List.of(view("a", "eu", false, 30), view("b", "us", false, 30)),
            new HealthDecision(false, "0 of 2 agents healthy (0% <= 18%)")));
  }

  @ParameterizedTest
  @MethodSource("staleness")
  void countsOnlyAgentsSeenWithinThreeRequestIntervals(List<AgentView> views, HealthDecision expected) {
    assertEquals(expected, HealthQuorum.decide(PLAIN, views, NOW, true));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      0 | 3 | true  | inverted: 0 of 3 agents healthy (0% <= 18%)
      1 | 3 | false | inverted: 1 of 3 agents healthy (33% > 18%)
      """)
  void invertedFlipsTheQuorum(int healthy, int total, boolean expected, String cause) {
    assertEquals(new HealthDecision(expected, cause),
        HealthQuorum.decide(check(true, false, List.of()), fresh(healthy, total), NOW, !expected));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      0.5  | 2 | 3 | true  | 2 of 3 agents healthy (67% > 50%)
      0.5  | 1 | 3 | false | 1 of 3 agents healthy (33% <= 50%)
      0.5  | 1 | 2 | false | 1 of 2 agents healthy (50% <= 50%)
      0.5  | 2 | 2 | true  | 2 of 2 agents healthy (100% > 50%)
      0.5  | 3 | 5 | true  | 3 of 5 agents healthy (60% > 50%)
      0    | 1 | 9 | true  | 1 of 9 agents healthy (11% > 0%)
      0    | 0 | 9 | false | 0 of 9 agents healthy (0% <= 0%)
      0.99 | 3 | 3 | true  | 3 of 3 agents healthy (100% > 99%)
      0.99 | 2 | 3 | false | 2 of 3 agents healthy (67% <= 99%)
      0.125| 1 | 8 | false | 1 of 8 agents healthy (12.5% <= 12.5%)
      """)
  void aHealthQuorumSetsTheFractionToBeat(double above, int healthy, int total, boolean expected, String cause) {
    HealthCheck check = PLAIN.withHealthyFractionAbove(above);
    assertEquals(new HealthDecision(expected, cause), HealthQuorum.decide(check, fresh(healthy, total), NOW, !expected));
  }

  @Test
  void withAMajorityQuorumOneCutRegionSeeingHealthyDoesNotHoldTheOthersBack() {
    List<AgentView> views = List.of(view("a", "eu", true, 1), view("b", "us", false, 1), view("c", "ap", false, 1));
    assertEquals(true, HealthQuorum.decide(PLAIN, views, NOW, true).healthy());
    assertEquals(false, HealthQuorum.decide(PLAIN.withHealthyFractionAbove(0.5), views, NOW, true).healthy());
  }

  @Test
  void invertedWithoutFreshResultsKeepsTheCurrentHealth() {
    assertEquals(new HealthDecision(false, "no fresh results; keeping unhealthy"),
        HealthQuorum.decide(check(true, false, List.of()), List.of(), NOW, false));
  }

  @ParameterizedTest
  @CsvSource({"false", "true"})
  void disabledIsAlwaysHealthy(boolean current) {
    HealthCheck disabled = check(false, true, List.of());
    assertEquals(new HealthDecision(true, "disabled: always healthy"),
        HealthQuorum.decide(disabled, fresh(0, 3), NOW, current));
    assertEquals(new HealthDecision(true, "disabled: always healthy"),
        HealthQuorum.decide(disabled, List.of(), NOW, current));
  }

  /** Route 53: "If you want to stop routing traffic to a resource, change the value of Inverted." */
  @ParameterizedTest
  @CsvSource({"false", "true"})
  void disabledAndInvertedIsAlwaysUnhealthy(boolean current) {
    HealthCheck disabled = check(true, true, List.of());
    assertEquals(new HealthDecision(false, "disabled and inverted: always unhealthy"),
        HealthQuorum.decide(disabled, fresh(3, 3), NOW, current));
    assertEquals(new HealthDecision(false, "disabled and inverted: always unhealthy"),
        HealthQuorum.decide(disabled, List.of(), NOW, current));
  }

  @Test
  void countsOnlyTheCheckRegions() {
    List<AgentView> views = List.of(view("a", "eu", false, 1), view("b", "us", false, 1),
        view("c", "ap", true, 1), view("d", "ap", true, 1), view("e", "sa", true, 1));
    assertEquals(new HealthDecision(false, "0 of 2 agents healthy (0% <= 18%)"),
        HealthQuorum.decide(check(false, false, List.of("eu", "us")), views, NOW, true));
    assertEquals(new HealthDecision(true, "3 of 5 agents healthy (60% > 18%)"),
        HealthQuorum.decide(PLAIN, views, NOW, false));
  }

  @Test
  void agentsOnlyInOtherRegionsKeepTheCurrentHealth() {
    List<AgentView> views = List.of(view("a", "ap", false, 1));
    assertEquals(new HealthDecision(true, "no fresh results; keeping healthy"),
        HealthQuorum.decide(check(false, false, List.of("eu")), views, NOW, true));
  }

  @Test
  void ignoresViewsOfOtherChecks() {
    AgentView other = new AgentView("a", "eu", "api", false, 0, NOW, null);
    assertEquals(new HealthDecision(true, "1 of 1 agent healthy (100% > 18%)"),
        HealthQuorum.decide(PLAIN, List.of(other, view("b", "eu", true, 0)), NOW, false));
  }

  @ParameterizedTest
  @CsvSource({"false, false, true", "true, false, false", "false, true, true", "true, true, false"})
  void aNewCheckStartsHealthyUnlessInverted(boolean inverted, boolean disabled, boolean expected) {
    assertEquals(expected, HealthQuorum.initial(check(inverted, disabled, List.of())));
  }
}
