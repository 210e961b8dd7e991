package dev.vigil.controller.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.controller.Fixtures;
import dev.vigil.controller.config.ApiInput;
import dev.vigil.controller.config.ConfigProblem;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ListResourceRecordSets' JSON is what ChangeResourceRecordSets takes: read back, it is the same record set. */
class Route53JsonTest {

  static Stream<RecordSet> recordSets() {
    return Fixtures.failoverState().hostedZones().stream().map(HostedZone::recordSets).flatMap(List::stream);
  }

  @ParameterizedTest
  @MethodSource("recordSets")
  void aListedRecordSetReadsBackToTheSameRecordSet(RecordSet set) {
    List<ConfigProblem> problems = new ArrayList<>();
    assertEquals(Optional.of(set), ApiInput.recordSet(Route53Json.recordSet(set), "x", "example.test.",
        Set.of("web"), problems), problems.toString());
  }
}
