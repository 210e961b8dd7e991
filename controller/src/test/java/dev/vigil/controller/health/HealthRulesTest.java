package dev.vigil.controller.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.vigil.controller.Fixtures;
import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.FlapDamping;
import dev.vigil.controller.model.HealthCheck;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** From verdict to reported health: Route 53 mode, flap damping (penalty, decay, suppress, reuse) and hold-down. */
@Timeout(10)
class HealthRulesTest {

  static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
  /** 1000 per flap, half-life 60 s, suppress above 2500, reuse below 1000, at most 600 s held. */
  static final FlapDamping DAMPING = new FlapDamping(1000, 60, 2500, 1000, 600);
  static final HealthCheck PLAIN = Fixtures.httpCheck("web");
  static final HealthCheck DAMPED = PLAIN.withDamping(DAMPING, 0);
  static final HealthCheck HOLD_DOWN = PLAIN.withDamping(FlapDamping.OFF, 30);

  /** Reported health and memory as they evolve over verdicts at given seconds. */
  static final class Run {
    final HealthCheck check;
    CheckHealth health = new CheckHealth("web", true, Instant.EPOCH, "new check");
    HealthMemory memory = HealthMemory.of(health);

    Run(HealthCheck check) {
      this.check = check;
    }

    /** Applies the verdict at T0 + second; returns the reported health. */
    boolean at(int second, boolean verdict) {
      HealthRules.Outcome o = HealthRules.apply(check, health, memory, verdict, T0.plusSeconds(second), "quorum");
      health = o.health();
      memory = o.memory();
      return health.healthy();
    }

    boolean due(int second, boolean verdict) {
      return HealthRules.transitionDue(check, health, memory, verdict, T0.plusSeconds(second));
    }
  }

  /** "0U 10H" = verdict unhealthy at 0 s, healthy at 10 s; returns the reported health after each as H/U. */
  static String reported(HealthCheck check, String steps) {
    Run run = new Run(check);
    StringBuilder out = new StringBuilder();
    for (String step : steps.split(" ")) {
      int second = Integer.parseInt(step.substring(0, step.length() - 1));
      out.append(run.at(second, step.endsWith("H")) ? 'H' : 'U');
    }
    return out.toString();
  }

  static Stream<Arguments> sequences() {
    return Stream.of(
        argumentSet("Route 53 mode: reported health is the verdict", PLAIN, "0U 1H 2U 3H 4U 5H", "UHUHUH"),
        argumentSet("damping: two flaps stay under suppress", DAMPED, "0U 1H", "UH"),
        argumentSet("damping: the third quick flap (penalty ~3000 > 2500) holds it down", DAMPED,
            "0U 1H 2U 3H 4H", "UHUUU"),
        argumentSet("damping: held down until the penalty decays below reuse (~3900 -> 1000: two half-lives)", DAMPED,
            "0U 1H 2U 3H 60H 120H 125H", "UHUUUUH"),
        argumentSet("damping: slow flaps decay in between and never suppress", DAMPED,
            "0U 120H 240U 360H 480U 600H", "UHUHUH"),
        argumentSet("damping: an unhealthy verdict is reported at once even while suppressed", DAMPED,
            "0U 1H 2U", "UHU"),
        argumentSet("hold-down: healthy only after 30 s of healthy verdicts", HOLD_DOWN, "0U 10H 20H 39H 40H",
            "UUUUH"),
        argumentSet("hold-down: a failure in between restarts the 30 s", HOLD_DOWN, "0U 10H 30U 35H 60H 65H",
            "UUUUUH"),
        argumentSet("hold-down: going down is immediate", HOLD_DOWN, "0U", "U"),
        argumentSet("hold-down: a healthy check stays healthy (no hold-down without a failure)", HOLD_DOWN,
            "0H 10H", "HH"));
  }

  @ParameterizedTest
  @MethodSource("sequences")
  void reportsTheVerdictThroughDampingAndHoldDown(HealthCheck check, String steps, String expected) {
    assertEquals(expected, reported(check, steps));
  }

  @Test
  void penaltyAddsPerFlapAndHalvesEveryHalfLife() {
    Run run = new Run(DAMPED);
    run.at(0, false);
    assertEquals(1000, run.memory.penalty(), 1e-9);
    run.at(60, true);
    assertEquals(1500, run.memory.penalty(), 1e-9); // 1000 halved once, plus 1000
    run.at(180, true); // no flap: the penalty only decays (two half-lives)
    assertEquals(375, run.memory.penalty(), 1e-9);
  }

  @Test
  void penaltyNeverExceedsWhatDecaysToReuseWithinMaxSuppress() {
    FlapDamping twoMinutes = new FlapDamping(1000, 60, 2500, 1000, 120);
    assertEquals(1000 * 4, twoMinutes.ceiling(), 1e-9); // reuse × 2^(120 s / 60 s)
    Run run = new Run(PLAIN.withDamping(twoMinutes, 0));
    for (int i = 0; i < 100; i++) {
      run.at(i, i % 2 == 1);
    }
    assertEquals(4000, run.memory.penalty(), 1e-9);
    assertTrue(run.memory.suppressed());
    // Healthy from the last flap on: free again once the ceiling has decayed below reuse, i.e. after max-suppress.
    assertFalse(run.at(99 + 119, true));
    assertTrue(run.at(99 + 121, true));
  }

  @Test
  void suppressionStartsAboveSuppressAndEndsOnlyBelowReuse() {
    Run run = new Run(DAMPED);
    run.at(0, false);
    run.at(1, true);
    run.at(2, false);
    assertTrue(run.memory.suppressed()); // ~2977 > 2500
    run.at(3, true);
    // Between reuse and suppress: still suppressed (hysteresis).
    assertFalse(run.at(60, true));
    assertTrue(run.memory.penalty() < 2500 && run.memory.penalty() > 1000, "penalty " + run.memory.penalty());
    assertTrue(run.memory.suppressed());
    assertTrue(run.health.cause().startsWith("held down by flap damping"), run.health.cause());
  }

  @Test
  void theLeaderSeesWhenAReleaseIsDueWithoutANewVerdict() {
    Run hold = new Run(HOLD_DOWN);
    hold.at(0, false);
    hold.at(10, true);
    assertFalse(hold.due(39, true));
    assertTrue(hold.due(40, true));
    assertTrue(hold.due(41, false), "a changed verdict is always due");

    Run damped = new Run(DAMPED);
    damped.at(0, false);
    damped.at(1, true);
    damped.at(2, false);
    damped.at(3, true);
    assertFalse(damped.due(60, true));
    assertFalse(damped.due(120, true));
    assertTrue(damped.due(125, true));
    assertTrue(damped.at(125, true));
    assertTrue(damped.health.cause().matches("flap damping released \\(penalty 9\\d\\d < reuse 1000\\); quorum"),
        damped.health.cause());
  }

  @Test
  void holdDownCauseSaysHowLongItWaited() {
    Run run = new Run(HOLD_DOWN);
    run.at(0, false);
    run.at(10, true);
    // Held: the reported health (and why it went down) stays; the memory knows the verdict is healthy since 10 s.
    assertEquals("quorum", run.health.cause());
    assertEquals(new HealthMemory(true, T0.plusSeconds(10), 0, T0.plusSeconds(10), false), run.memory);
    run.at(40, true);
    assertEquals("healthy for 30 s >= failback hold-down 30 s; quorum", run.health.cause());
    assertEquals(T0.plusSeconds(40), run.health.since());
  }

  @Test
  void aConfigEntryWithoutTimeNeverMovesTheClockBack() {
    Run run = new Run(DAMPED);
    run.at(0, false);
    run.at(60, true);
    HealthRules.Outcome o = HealthRules.apply(DAMPED, run.health, run.memory, true, Instant.EPOCH, "config");
    assertEquals(run.memory.penalty(), o.memory().penalty(), 1e-9);
    assertEquals(run.memory.penaltyAt(), o.memory().penaltyAt());
  }
}
