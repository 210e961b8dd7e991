package dev.vigil.controller.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.vigil.controller.Fixtures;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HostedZone;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(10)
class ConfigDiffTest {

  static final DesiredState BASE = Fixtures.failoverState();
  static final String WWW_PRIMARY = "ResourceRecordSet example.test./www.example.test. A primary";
  static final String WWW_SECONDARY = "ResourceRecordSet example.test./www.example.test. A secondary";
  static final String INFO = "ResourceRecordSet example.test./info.example.test. TXT";

  static DesiredState withZone(HostedZone zone) {
    return new DesiredState(BASE.healthChecks(), List.of(zone));
  }

  static Stream<Arguments> diffs() {
    HostedZone zone = BASE.hostedZones().get(0);
    return Stream.of(
        argumentSet("same state: nothing", BASE, BASE, ConfigDiff.NONE),
        argumentSet("from nothing: every item added", DesiredState.EMPTY, BASE, new ConfigDiff(
            List.of("HealthCheck web", "HostedZone example.test.", INFO, WWW_PRIMARY, WWW_SECONDARY),
            List.of(), List.of())),
        argumentSet("to nothing: every item removed", BASE, DesiredState.EMPTY, new ConfigDiff(
            List.of(), List.of("HealthCheck web", "HostedZone example.test.", INFO, WWW_PRIMARY, WWW_SECONDARY),
            List.of())),
        argumentSet("a changed check", BASE, new DesiredState(
            List.of(Fixtures.check("web", 3, false, false, List.of())), BASE.hostedZones()),
            new ConfigDiff(List.of(), List.of(), List.of("HealthCheck web"))),
        argumentSet("a changed quorum is a changed check", BASE, new DesiredState(
            List.of(Fixtures.httpCheck("web").withHealthyFractionAbove(0.5)), BASE.hostedZones()),
            new ConfigDiff(List.of(), List.of(), List.of("HealthCheck web"))),
        argumentSet("a changed record value", BASE, withZone(new HostedZone("example.test.", List.of(
            Fixtures.primary("www.example.test.", "192.0.2.9", "web"), zone.recordSets().get(1),
            zone.recordSets().get(2)))),
            new ConfigDiff(List.of(), List.of(), List.of(WWW_PRIMARY))),
        argumentSet("a record added and one removed", BASE, withZone(new HostedZone("example.test.", List.of(
            zone.recordSets().get(0), zone.recordSets().get(1),
            Fixtures.simple("mail.example.test.", "A", "192.0.2.25")))),
            new ConfigDiff(List.of("ResourceRecordSet example.test./mail.example.test. A"), List.of(INFO), List.of())),
        argumentSet("a zone renamed: its records move", BASE, withZone(new HostedZone("example.org.", List.of())),
            new ConfigDiff(List.of("HostedZone example.org."),
                List.of("HostedZone example.test.", INFO, WWW_PRIMARY, WWW_SECONDARY), List.of())));
  }

  @ParameterizedTest
  @MethodSource("diffs")
  void listsEveryItemThatAConfigAddsRemovesOrChanges(DesiredState before, DesiredState after, ConfigDiff expected) {
    assertEquals(expected, ConfigDiff.between(before, after));
  }
}
