package dev.vigil.controller.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.vigil.controller.model.HealthCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every quorum rule as a named case: Route 53's 18 % over fresh agents, the native fraction and k-of-n regions,
 * stale agents and sick/suspect agents leaving the denominator, Inverted and Disabled.
 */
@Timeout(10)
class QuorumRulesTest {

  private static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
  private static final HealthCheck R53 = HealthQuorumTest.check(false, false, List.of());

  /** "eu:H" = a fresh healthy agent in eu; "eu:U~" = a stale unhealthy one (31 s old at a 10 s interval). */
  static List<AgentView> views(String... specs) {
    List<AgentView> views = new ArrayList<>();
    for (int i = 0; i < specs.length; i++) {
      String[] p = specs[i].split(":");
      boolean stale = p[1].endsWith("~");
      views.add(HealthQuorumTest.view("a" + i + "-" + p[0], p[0], p[1].startsWith("H"), stale ? 31 : 5));
    }
    return views;
  }

  static Stream<Arguments> rules() {
    HealthCheck majority = R53.withHealthyFractionAbove(0.5);
    HealthCheck twoRegions = R53.withHealthyRegionsAtLeast(2);
    HealthCheck threeRegions = R53.withHealthyRegionsAtLeast(3);
    return Stream.of(
        argumentSet("Route 53: 1 of 5 healthy (20%) is above 18%: healthy", R53,
            views("a:H", "b:U", "c:U", "d:U", "e:U"), true, "1 of 5 agents healthy (20% > 18%)"),
        argumentSet("Route 53: 1 of 6 healthy (17%) is at most 18%: unhealthy", R53,
            views("a:H", "b:U", "c:U", "d:U", "e:U", "f:U"), false, "1 of 6 agents healthy (17% <= 18%)"),
        argumentSet("Route 53: stale agents are not counted", R53,
            views("a:H", "b:U~", "c:U~", "d:U~", "e:U~", "f:U~"), true, "1 of 1 agent healthy (100% > 18%)"),
        argumentSet("Route 53: Inverted flips the quorum", R53.withFlags(true, false, null),
            views("a:H", "b:U"), false, "inverted: 1 of 2 agents healthy (50% > 18%)"),
        argumentSet("Route 53: Disabled is healthy whatever the agents say", R53.withFlags(false, true, null),
            views("a:U", "b:U"), true, "disabled: always healthy"),
        argumentSet("Route 53: Disabled and Inverted is always unhealthy (a manual failover switch)",
            R53.withFlags(true, true, null), views("a:H"), false, "disabled and inverted: always unhealthy"),
        argumentSet("fraction 0.5: half is not more than half", majority,
            views("a:H", "b:U"), false, "1 of 2 agents healthy (50% <= 50%)"),
        argumentSet("fraction 0.5: 2 of 3 is a majority", majority,
            views("a:H", "b:H", "c:U"), true, "2 of 3 agents healthy (67% > 50%)"),
        argumentSet("regions k=2: two healthy regions of three", twoRegions,
            views("eu:H", "us:H", "ap:U"), true, "2 of 3 regions healthy (>= 2)"),
        argumentSet("regions k=2: one healthy region of three", twoRegions,
            views("eu:H", "us:U", "ap:U"), false, "1 of 3 regions healthy (< 2)"),
        argumentSet("regions: a region is healthy when more than half its agents are", twoRegions,
            views("eu:H", "eu:H", "eu:U", "us:H", "us:U", "ap:U"), false, "1 of 3 regions healthy (< 2)"),
        argumentSet("regions: many agents in one region count as one region", twoRegions,
            views("eu:H", "eu:H", "eu:H", "eu:H", "us:U", "ap:U"), false, "1 of 3 regions healthy (< 2)"),
        argumentSet("regions: n is the regions with fresh agents; stale regions leave it", threeRegions,
            views("eu:H", "us:H", "ap:U~", "sa:U~"), true,
            "2 of 2 regions healthy (>= 2, HealthyRegionsAtLeast 3 capped at the regions reporting)"),
        argumentSet("regions: k above n is capped at n, and all n must be healthy", threeRegions,
            views("eu:H", "us:U"), false,
            "1 of 2 regions healthy (< 2, HealthyRegionsAtLeast 3 capped at the regions reporting)"),
        argumentSet("regions: Inverted flips the regions' verdict", twoRegions.withFlags(true, false, null),
            views("eu:H", "us:H"), false, "inverted: 2 of 2 regions healthy (>= 2)"));
  }

  @ParameterizedTest
  @MethodSource("rules")
  void decides(HealthCheck check, List<AgentView> views, boolean healthy, String cause) {
    assertEquals(new HealthDecision(healthy, cause), HealthQuorum.decide(check, views, NOW, !healthy));
  }

  static Stream<Arguments> exclusions() {
    return Stream.of(
        argumentSet("a sick agent's down vote leaves the denominator (Route 53 would fail it)",
            R53, views("a:H", "b:U", "c:U", "d:U", "e:U", "f:U"), Set.of("a1-b", "a2-c"),
            true, "1 of 4 agents healthy (25% > 18%)"),
        argumentSet("excluded agents do not vote up either", R53, views("a:U", "b:H"), Set.of("a1-b"),
            false, "0 of 1 agent healthy (0% <= 18%)"),
        argumentSet("every agent excluded: keep the current health", R53, views("a:U", "b:U"),
            Set.of("a0-a", "a1-b"), true, "no fresh results; keeping healthy"),
        argumentSet("an excluded region's agents leave the region count", R53.withHealthyRegionsAtLeast(2),
            views("eu:H", "us:H", "ap:U", "ap:U"), Set.of("a2-ap", "a3-ap"), true, "2 of 2 regions healthy (>= 2)"));
  }

  @org.junit.jupiter.api.Test
  void saysWhyAViewDoesNotCount() {
    HealthCheck euUs = HealthQuorumTest.check(false, false, List.of("eu", "us"));
    assertEquals(java.util.Optional.empty(), HealthQuorum.notCounted(euUs, views("eu:U").get(0), NOW));
    assertEquals(java.util.Optional.of("region: ap is not in Regions"),
        HealthQuorum.notCounted(euUs, views("ap:H").get(0), NOW));
    assertEquals(java.util.Optional.of("stale: last result 31 s ago (more than 3 x RequestInterval 10 s)"),
        HealthQuorum.notCounted(euUs, views("eu:H~").get(0), NOW));
  }

  /** The monitor leaves out sick (canary) and suspect agents with AgentSuspicion.without before deciding. */
  @ParameterizedTest
  @MethodSource("exclusions")
  void excludedAgentsLeaveTheDenominator(HealthCheck check, List<AgentView> views, Set<String> excluded,
      boolean healthy, String cause) {
    assertEquals(new HealthDecision(healthy, cause),
        HealthQuorum.decide(check, AgentSuspicion.without(views, excluded), NOW, true));
  }
}
