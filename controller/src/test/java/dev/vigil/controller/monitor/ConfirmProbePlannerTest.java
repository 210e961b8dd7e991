package dev.vigil.controller.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.controller.monitor.ConfirmProbePlanner.CheckStatus;
import dev.vigil.controller.monitor.ConfirmProbePlanner.Request;
import dev.vigil.controller.monitor.ConfirmProbePlanner.Result;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfirmProbePlannerTest {

  private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
  private static final Duration SECOND = Duration.ofSeconds(1);

  private static final CheckStatus HEALTHY = new CheckStatus(true, false, false, SECOND);
  private static final CheckStatus UNHEALTHY = new CheckStatus(false, false, false, SECOND);
  /** Inverted, decided healthy: the endpoint is down. */
  private static final CheckStatus INVERTED_HEALTHY = new CheckStatus(true, true, false, SECOND);
  private static final CheckStatus DISABLED = new CheckStatus(true, false, true, SECOND);

  private static final Map<String, Collection<String>> ASSIGNED = Map.of(
      "web", List.of("eu", "us", "ap"),
      "db", List.of("eu", "us"),
      "solo", List.of("eu"));

  private static List<Request> plan(ConfirmProbePlanner planner, Map<String, CheckStatus> checks, Instant now,
      Result... batch) {
    return planner.plan(List.of(batch), id -> Optional.ofNullable(checks.get(id)),
        id -> ASSIGNED.getOrDefault(id, List.of()), now);
  }

  static Stream<Arguments> singleBatches() {
    return Stream.of(
        Arguments.of("failure while healthy asks the others", Map.of("web", HEALTHY),
            List.of(new Result("eu", "web", false)),
            List.of(new Request("ap", List.of("web")), new Request("us", List.of("web")))),
        Arguments.of("success while unhealthy asks the others", Map.of("web", UNHEALTHY),
            List.of(new Result("us", "web", true)),
            List.of(new Request("ap", List.of("web")), new Request("eu", List.of("web")))),
        Arguments.of("agreement asks nobody", Map.of("web", HEALTHY),
            List.of(new Result("eu", "web", true)), List.of()),
        Arguments.of("failure while unhealthy asks nobody", Map.of("web", UNHEALTHY),
            List.of(new Result("eu", "web", false)), List.of()),
        Arguments.of("inverted: a success is the disagreeing vote", Map.of("web", INVERTED_HEALTHY),
            List.of(new Result("eu", "web", true)),
            List.of(new Request("ap", List.of("web")), new Request("us", List.of("web")))),
        Arguments.of("inverted: a failure agrees", Map.of("web", INVERTED_HEALTHY),
            List.of(new Result("eu", "web", false)), List.of()),
        Arguments.of("disabled checks never ask", Map.of("web", DISABLED),
            List.of(new Result("eu", "web", false)), List.of()),
        Arguments.of("unknown checks are ignored", Map.of(),
            List.of(new Result("eu", "web", false)), List.of()),
        Arguments.of("no other agent assigned: nothing to ask", Map.of("solo", HEALTHY),
            List.of(new Result("eu", "solo", false)), List.of()),
        Arguments.of("an agent gets one request listing every check", Map.of("web", HEALTHY, "db", HEALTHY),
            List.of(new Result("eu", "web", false), new Result("eu", "db", false)),
            List.of(new Request("ap", List.of("web")), new Request("us", List.of("web", "db")))),
        Arguments.of("a check repeated in the batch is asked for once", Map.of("web", HEALTHY),
            List.of(new Result("eu", "web", false), new Result("us", "web", false)),
            List.of(new Request("ap", List.of("web")), new Request("us", List.of("web")))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleBatches")
  void decidesWhomToAsk(String name, Map<String, CheckStatus> checks, List<Result> batch, List<Request> expected) {
    assertEquals(expected, new ConfirmProbePlanner().plan(batch, id -> Optional.ofNullable(checks.get(id)),
        id -> ASSIGNED.getOrDefault(id, List.of()), T0));
  }

  @Test
  void asksForACheckAtMostOncePerRequestInterval() {
    ConfirmProbePlanner planner = new ConfirmProbePlanner();
    Map<String, CheckStatus> checks = Map.of("web", HEALTHY);
    assertEquals(2, plan(planner, checks, T0, new Result("eu", "web", false)).size());
    // The asked agents report their failures, and the endpoint flaps: nothing more within the interval.
    assertEquals(List.of(), plan(planner, checks, T0.plusMillis(20), new Result("us", "web", false)));
    assertEquals(List.of(), plan(planner, checks, T0.plusMillis(999), new Result("eu", "web", false)));
    assertEquals(2, plan(planner, checks, T0.plus(SECOND), new Result("eu", "web", false)).size());
  }

  @Test
  void theLimitIsPerCheck() {
    ConfirmProbePlanner planner = new ConfirmProbePlanner();
    Map<String, CheckStatus> checks = Map.of("web", HEALTHY, "db", HEALTHY);
    plan(planner, checks, T0, new Result("eu", "web", false));
    assertEquals(List.of(new Request("us", List.of("db"))),
        plan(planner, checks, T0.plusMillis(1), new Result("eu", "db", false), new Result("eu", "web", false)));
  }

  @Test
  void theLimitFollowsEachChecksInterval() {
    ConfirmProbePlanner planner = new ConfirmProbePlanner();
    Map<String, CheckStatus> checks = Map.of("web", new CheckStatus(true, false, false, Duration.ofSeconds(30)));
    plan(planner, checks, T0, new Result("eu", "web", false));
    assertEquals(List.of(), plan(planner, checks, T0.plusSeconds(29), new Result("eu", "web", false)));
    assertEquals(2, plan(planner, checks, T0.plusSeconds(30), new Result("eu", "web", false)).size());
  }

  @Test
  void aCheckWithNobodyToAskIsNotRateLimited() {
    ConfirmProbePlanner planner = new ConfirmProbePlanner();
    Map<String, CheckStatus> checks = Map.of("solo", HEALTHY);
    assertEquals(List.of(), plan(planner, checks, T0, new Result("eu", "solo", false)));
    Map<String, Collection<String>> later = Map.of("solo", List.of("eu", "us"));
    assertEquals(List.of(new Request("us", List.of("solo"))),
        planner.plan(List.of(new Result("eu", "solo", false)), id -> Optional.ofNullable(checks.get(id)),
            later::get, T0.plusMillis(1)));
  }
}
