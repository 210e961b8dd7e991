package dev.vigil.controller.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.Fixtures;
import dev.vigil.controller.model.ApiMetadata;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HealthCheck;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import dev.vigil.proto.cluster.v1.ApiDelta;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The ApiChange delta gives back exactly the state the API computed. */
class ApiDeltasTest {

  static final DesiredState BEFORE = Fixtures.failoverState().withApi(new ApiMetadata(List.of(),
      List.of(new ApiMetadata.Check("web", "ref", 2)),
      List.of(new ApiMetadata.Change("C1", 3, Instant.EPOCH, "")), List.of()));

  static DesiredState zone(DesiredState s, List<RecordSet> sets) {
    return new DesiredState(s.healthChecks(), List.of(new HostedZone("example.test.", sets)), s.api());
  }

  static List<RecordSet> sets() {
    return new ArrayList<>(BEFORE.hostedZones().getFirst().recordSets());
  }

  static Stream<Arguments> edits() {
    List<RecordSet> appended = sets();
    appended.add(Fixtures.simple("new.example.test.", "A", "127.0.0.1"));
    List<RecordSet> replaced = sets();
    replaced.set(2, Fixtures.simple("info.example.test.", "TXT", "\"bye\""));
    List<RecordSet> removed = sets();
    removed.remove(1);
    HealthCheck other = Fixtures.httpCheck("other");
    return Stream.of(
        Arguments.of("aRecordSetCreated", zone(BEFORE, appended)),
        Arguments.of("aRecordSetReplaced", zone(BEFORE, replaced)),
        Arguments.of("aRecordSetDeleted", zone(BEFORE, removed)),
        Arguments.of("aZoneCreatedWithMetadata", new DesiredState(BEFORE.healthChecks(),
            List.of(BEFORE.hostedZones().getFirst(), new HostedZone("b.test.", List.of())),
            BEFORE.api().withZone(new ApiMetadata.Zone("b.test.", "ZB", "r", "", "C2")))),
        Arguments.of("aZoneDeleted", new DesiredState(BEFORE.healthChecks(), List.of(), BEFORE.api())),
        Arguments.of("aCheckCreated", new DesiredState(List.of(BEFORE.healthChecks().getFirst(), other),
            BEFORE.hostedZones(), BEFORE.api().withCheck(new ApiMetadata.Check("other", "r2", 1)))),
        Arguments.of("aCheckUpdated", new DesiredState(List.of(Fixtures.check("web", 5, false, false, List.of())),
            BEFORE.hostedZones(), BEFORE.api().withCheck(new ApiMetadata.Check("web", "ref", 3)))),
        Arguments.of("aCheckDeletedAndItsReferenceRetired",
            new DesiredState(List.of(), List.of(), BEFORE.api().withoutCheck("web"))),
        Arguments.of("nothingChanged", BEFORE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edits")
  void theDeltaGivesBackExactlyTheNewState(String name, DesiredState after) {
    Optional<ApiDelta> delta = ApiDeltas.between(BEFORE, after);
    assertTrue(delta.isPresent(), name);
    assertEquals(after, ApiDeltas.apply(BEFORE, delta.get()));
  }

  @Test
  void aSetDeletedAndCreatedAgainMovesToTheEndSoTheWholeStateIsSent() {
    List<RecordSet> moved = sets();
    RecordSet first = moved.removeFirst();
    moved.add(new RecordSet(first.name(), first.type(), 5, first.setIdentifier(), first.failover(),
        first.healthCheckId(), first.values()));
    assertEquals(Optional.empty(), ApiDeltas.between(BEFORE, zone(BEFORE, moved)));
  }

  @Test
  void oneRecordInALargeZoneIsASmallEntry() {
    List<RecordSet> large = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      large.add(Fixtures.simple("h" + i + ".example.test.", "A", "127.0.0." + (i % 250 + 1)));
    }
    DesiredState before = zone(DesiredState.EMPTY, large);
    List<RecordSet> more = new ArrayList<>(large);
    more.add(Fixtures.simple("one-more.example.test.", "A", "127.0.0.1"));
    ApiDelta delta = ApiDeltas.between(before, zone(before, more)).orElseThrow();
    int whole = StateCodec.toProto(zone(before, more)).getSerializedSize();
    assertTrue(delta.getSerializedSize() < 200, delta.getSerializedSize() + " bytes");
    assertTrue(whole > 200_000, whole + " bytes");
  }
}
