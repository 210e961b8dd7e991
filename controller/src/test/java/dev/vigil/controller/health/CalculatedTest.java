package dev.vigil.controller.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.vigil.controller.Fixtures;
import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.ColdStart;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HealthCheck;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Route 53's CALCULATED checks at their edges, every rule a named case. */
@Timeout(10)
class CalculatedTest {

  /**
   * Three children a, b, c; {@code children} says each one's health: 'H' healthy, 'U' unhealthy, 'D' disabled
   * (its replicated health unhealthy, to show that disabled counts healthy anyway), 'I' disabled and inverted,
   * '-' no health yet.
   */
  static HealthDecision decide(HealthCheck calc, String children) {
    List<HealthCheck> checks = new ArrayList<>();
    Map<String, CheckHealth> health = new HashMap<>();
    for (int i = 0; i < children.length(); i++) {
      String id = String.valueOf((char) ('a' + i));
      char c = children.charAt(i);
      checks.add(Fixtures.check(id, 3, c == 'I', c == 'D' || c == 'I', List.of()));
      if (c != '-') {
        health.put(id, new CheckHealth(id, c == 'H', Instant.EPOCH, "test"));
      }
    }
    checks.add(calc);
    return Calculated.decide(calc, new DesiredState(checks, List.of()), health);
  }

  static HealthCheck calc(int threshold) {
    return HealthCheck.calculated("calc", List.of("a", "b", "c"), threshold);
  }

  static Stream<Arguments> rules() {
    return Stream.of(
        argumentSet("HealthThreshold 0: always healthy, even with every child down", calc(0), "UUU", true,
            "0 of 3 children healthy (>= HealthThreshold 0)"),
        argumentSet("HealthThreshold n: every child must be healthy (AND)", calc(3), "HHH", true,
            "3 of 3 children healthy (>= HealthThreshold 3)"),
        argumentSet("HealthThreshold n: one child down is unhealthy", calc(3), "HHU", false,
            "2 of 3 children healthy (< HealthThreshold 3)"),
        argumentSet("HealthThreshold n+1: always unhealthy, even with every child up", calc(4), "HHH", false,
            "3 of 3 children healthy (< HealthThreshold 4)"),
        argumentSet("HealthThreshold 1: any child healthy (OR)", calc(1), "UUH", true,
            "1 of 3 children healthy (>= HealthThreshold 1)"),
        argumentSet("HealthThreshold 1: no child healthy", calc(1), "UUU", false,
            "0 of 3 children healthy (< HealthThreshold 1)"),
        argumentSet("x of y: 2 of 3", calc(2), "HUH", true, "2 of 3 children healthy (>= HealthThreshold 2)"),
        argumentSet("a disabled child counts as healthy", calc(3), "HHD", true,
            "3 of 3 children healthy (>= HealthThreshold 3)"),
        argumentSet("a disabled and inverted child counts as unhealthy", calc(3), "HHI", false,
            "2 of 3 children healthy (< HealthThreshold 3)"),
        argumentSet("a child with no health yet is at its cold start (healthy)", calc(3), "HH-", true,
            "3 of 3 children healthy (>= HealthThreshold 3)"),
        argumentSet("Inverted flips the result", calc(2).withFlags(true, false, null), "HHU", false,
            "inverted: 2 of 3 children healthy (>= HealthThreshold 2)"),
        argumentSet("Inverted with too few healthy children is healthy", calc(2).withFlags(true, false, null),
            "HUU", true, "inverted: 1 of 3 children healthy (< HealthThreshold 2)"),
        argumentSet("a disabled calculated check is always healthy", calc(4).withFlags(false, true, null), "UUU",
            true, "disabled: always healthy"),
        argumentSet("a disabled and inverted calculated check is always unhealthy",
            calc(0).withFlags(true, true, null), "HHH", false, "disabled and inverted: always unhealthy"));
  }

  @ParameterizedTest
  @MethodSource("rules")
  void decides(HealthCheck calc, String children, boolean healthy, String cause) {
    assertEquals(new HealthDecision(healthy, cause), decide(calc, children));
  }

  static Stream<Arguments> coldStarts() {
    HealthCheck plain = Fixtures.httpCheck("web");
    return Stream.of(
        argumentSet("Route 53: a new check is healthy", plain, true),
        argumentSet("Route 53: a new inverted check is unhealthy", plain.withFlags(true, false, ColdStart.ROUTE53), false),
        argumentSet("Route 53: a new disabled check is healthy", plain.withFlags(false, true, ColdStart.ROUTE53), true),
        argumentSet("Route 53: a new disabled and inverted check is unhealthy",
            plain.withFlags(true, true, ColdStart.ROUTE53), false),
        argumentSet("native: ColdStartHealthStatus Unhealthy", plain.withFlags(false, false, ColdStart.UNHEALTHY), false),
        argumentSet("native: ColdStartHealthStatus Healthy for an inverted check",
            plain.withFlags(true, false, ColdStart.HEALTHY), true),
        argumentSet("native: Disabled is healthy whatever ColdStartHealthStatus says",
            plain.withFlags(false, true, ColdStart.UNHEALTHY), true),
        argumentSet("Route 53: a new calculated check is healthy", calc(2), true));
  }

  @ParameterizedTest
  @MethodSource("coldStarts")
  void aNewCheckStartsAtItsColdStartHealth(HealthCheck check, boolean healthy) {
    assertEquals(healthy, HealthQuorum.initial(check));
  }
}
