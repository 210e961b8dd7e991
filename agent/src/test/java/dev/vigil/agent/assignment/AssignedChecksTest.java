package dev.vigil.agent.assignment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.agent.probe.Check;
import dev.vigil.agent.probe.ProbeSpec;
import dev.vigil.agent.probe.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AssignedChecksTest {

  private static Check check(String id, int port) {
    return new Check(id, new ProbeSpec.Tcp(), new Target("127.0.0.1", "", port), Duration.ofSeconds(10), false);
  }

  private static AssignedChecks at(long version, Check... checks) {
    return new AssignedChecks(version, Stream.of(checks).collect(java.util.stream.Collectors.toMap(Check::id, c -> c)));
  }

  private static AssignmentUpdate full(long version, Check... checks) {
    return new AssignmentUpdate(version, true, List.of(checks), List.of());
  }

  private static AssignmentUpdate change(long version, List<Check> upserts, List<String> removed) {
    return new AssignmentUpdate(version, false, upserts, removed);
  }

  static Stream<Arguments> steps() {
    Check a = check("a", 1);
    Check b = check("b", 1);
    Check a2 = check("a", 2);
    return Stream.of(
        Arguments.of("first full applies", AssignedChecks.NONE, full(1, a),
            AssignedChecks.Decision.APPLIED, 1L, Map.of("a", a)),
        Arguments.of("change before any full has no base", AssignedChecks.NONE, change(1, List.of(a), List.of()),
            AssignedChecks.Decision.NO_BASE, -1L, Map.of()),
        Arguments.of("full at same version replaces all", at(5, a, b), full(5, a2),
            AssignedChecks.Decision.APPLIED, 5L, Map.of("a", a2)),
        Arguments.of("newer full replaces all", at(5, a, b), full(9, b),
            AssignedChecks.Decision.APPLIED, 9L, Map.of("b", b)),
        Arguments.of("older full is ignored", at(5, a), full(4, b),
            AssignedChecks.Decision.SUPERSEDED, 5L, Map.of("a", a)),
        Arguments.of("newer change upserts and removes", at(5, a), change(6, List.of(b), List.of("a")),
            AssignedChecks.Decision.APPLIED, 6L, Map.of("b", b)),
        Arguments.of("newer change replaces a check", at(5, a, b), change(6, List.of(a2), List.of()),
            AssignedChecks.Decision.APPLIED, 6L, Map.of("a", a2, "b", b)),
        Arguments.of("change at current version is ignored", at(6, a), change(6, List.of(b), List.of()),
            AssignedChecks.Decision.SUPERSEDED, 6L, Map.of("a", a)),
        Arguments.of("older change from a lagging controller is ignored", at(8, a), change(7, List.of(), List.of("a")),
            AssignedChecks.Decision.SUPERSEDED, 8L, Map.of("a", a)),
        Arguments.of("removing an unknown check is harmless", at(1, a), change(2, List.of(), List.of("zz")),
            AssignedChecks.Decision.APPLIED, 2L, Map.of("a", a)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void newestVersionWins(String name, AssignedChecks current, AssignmentUpdate update,
      AssignedChecks.Decision decision, long version, Map<String, Check> checks) {
    AssignedChecks.Step step = current.offer(update);
    assertEquals(decision, step.decision());
    assertEquals(version, step.next().version());
    assertEquals(checks, step.next().checks());
    assertEquals(decision != AssignedChecks.Decision.NO_BASE, step.acknowledge());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("steps")
  void bookNotifiesOnlyAppliedStates(String name, AssignedChecks current, AssignmentUpdate update,
      AssignedChecks.Decision decision, long version, Map<String, Check> checks) {
    List<AssignedChecks> seen = new java.util.ArrayList<>();
    AssignmentBook book = new AssignmentBook(seen::add);
    if (current.applied()) {
      book.offer(full(current.version(), current.checks().values().toArray(Check[]::new)), "setup");
      seen.clear();
    }
    book.offer(update, "test");
    assertEquals(decision == AssignedChecks.Decision.APPLIED ? 1 : 0, seen.size());
    assertEquals(Set.copyOf(checks.keySet()), book.current().checks().keySet());
  }
}
