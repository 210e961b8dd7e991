package dev.vigil.controller.health;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AgentSuspicionTest {

  private static final Instant T = Instant.parse("2030-01-01T00:00:00Z");

  /** "agent/region/check/U" or ".../D". */
  private static Map<String, List<AgentView>> views(List<String> specs) {
    Map<String, List<AgentView>> byCheck = new LinkedHashMap<>();
    for (String spec : specs) {
      String[] p = spec.split("/");
      boolean up = p[3].equals("U");
      ProbeObservation last = new ProbeObservation(p[0], p[1], p[2], T, up, up ? "HTTP 200" : "timeout");
      byCheck.computeIfAbsent(p[2], k -> new ArrayList<>())
          .add(new AgentView(p[0], p[1], p[2], up, 0, T, last));
    }
    return byCheck;
  }

  /** {@code n} checks c0..c(n-1): agent "x" in eu sees the first {@code down} down; "y" in us and "z" in ap see all up. */
  private static List<String> fleet(int n, int down) {
    List<String> specs = new ArrayList<>();
    IntStream.range(0, n).forEach(i -> {
      specs.add("x/eu/c" + i + "/" + (i < down ? "D" : "U"));
      specs.add("y/us/c" + i + "/U");
      specs.add("z/ap/c" + i + "/U");
    });
    return specs;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  static Stream<Arguments> fleets() {
    return Stream.of(
        Arguments.of("no views", List.of(), Set.of()),
        Arguments.of("sees 3 of 3 down that others see up", fleet(3, 3), Set.of("x")),
        Arguments.of("2 of 2 is too little evidence", fleet(2, 2), Set.of()),
        Arguments.of("9 of 10 down is nearly everything", fleet(10, 9), Set.of("x")),
        Arguments.of("8 of 10 down is not", fleet(10, 8), Set.of()),
        Arguments.of("every region sees the outage", List.of(
            "x/eu/c0/D", "y/us/c0/D", "x/eu/c1/D", "y/us/c1/D", "x/eu/c2/D", "y/us/c2/D"), Set.of()),
        Arguments.of("one region only: nobody to compare with", List.of(
            "x/eu/c0/D", "w/eu/c0/U", "x/eu/c1/D", "w/eu/c1/U", "x/eu/c2/D", "w/eu/c2/U"), Set.of()),
        Arguments.of("others split half and half do not see it up", List.of(
            "x/eu/c0/D", "y/us/c0/U", "z/ap/c0/D", "x/eu/c1/D", "y/us/c1/U", "z/ap/c1/D",
            "x/eu/c2/D", "y/us/c2/U", "z/ap/c2/D"), Set.of()),
        Arguments.of("a whole region cut off: both its agents", concat(fleet(3, 3),
            List.of("x2/eu/c0/D", "x2/eu/c1/D", "x2/eu/c2/D")), Set.of("x", "x2")),
        Arguments.of("outages others also see do not count against it", concat(fleet(3, 3), List.of(
            "x/eu/o0/D", "y/us/o0/D", "z/ap/o0/D")), Set.of("x")),
        Arguments.of("a healthy agent among them is never suspect", fleet(5, 0), Set.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fleets")
  void flagsAgentsThatSeeDownNearlyEverythingOthersSeeUp(String name, List<String> specs, Set<String> expected) {
    assertEquals(expected, AgentSuspicion.suspects(views(specs)).keySet());
  }

  @org.junit.jupiter.api.Test
  void saysWhy() {
    AgentSuspicion.Suspect s = AgentSuspicion.suspects(views(fleet(10, 9))).get("x");
    assertEquals("eu", s.region());
    assertEquals(9, s.down());
    assertEquals(10, s.comparable());
    assertEquals("sees 9 of 10 checks down that other regions see up", s.reason());
  }

  @org.junit.jupiter.api.Test
  void excludedAgentsViewsAreLeftOut() {
    List<AgentView> all = views(fleet(1, 1)).get("c0");
    assertEquals(List.of("y", "z"), AgentSuspicion.without(all, Set.of("x")).stream().map(AgentView::agentId).toList());
    assertEquals(3, AgentSuspicion.without(all, Set.of()).size());
  }
}
