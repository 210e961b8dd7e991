package dev.vigil.controller.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.Fixtures;
import dev.vigil.controller.model.ApiMetadata;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HostedZone;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a config file keeps of the API's metadata. */
class MetadataCarryTest {

  static final ApiMetadata.Change CHANGE = new ApiMetadata.Change("C1", 7, Instant.ofEpochMilli(1000), "");

  static DesiredState before() {
    DesiredState s = Fixtures.failoverState();
    List<HostedZone> zones = List.of(s.hostedZones().getFirst(), new HostedZone("api.test.", List.of()));
    return new DesiredState(s.healthChecks(), zones, new ApiMetadata(
        List.of(new ApiMetadata.Zone("api.test.", "ZAPI", "zr", "", "C1")),
        List.of(new ApiMetadata.Check("web", "hr", 3)), List.of(CHANGE), List.of()));
  }

  @Test
  void theSameConfigKeepsExactlyTheSameMetadata() {
    DesiredState before = before();
    DesiredState config = new DesiredState(before.healthChecks(), before.hostedZones());
    assertEquals(before, MetadataCarry.carry(before, config));
  }

  @Test
  void aChangedCheckGetsTheNextVersionAndKeepsItsReference() {
    DesiredState before = before();
    DesiredState config = new DesiredState(List.of(Fixtures.check("web", 5, false, false, List.of())),
        before.hostedZones());
    ApiMetadata api = MetadataCarry.carry(before, config).api();
    assertEquals(new ApiMetadata.Check("web", "hr", 4), api.check("web").orElseThrow());
    assertEquals(List.of(CHANGE), api.changes(), "change records stay");
  }

  @Test
  void aConfigCheckWithoutMetadataGoesFromVersionOneToTwo() {
    DesiredState before = Fixtures.failoverState();
    DesiredState config = new DesiredState(List.of(Fixtures.check("web", 5, false, false, List.of())),
        before.hostedZones());
    assertEquals(2, MetadataCarry.carry(before, config).api().version("web"));
  }

  @Test
  void removedZonesAndChecksLoseTheirMetadataAndTheCheckReferenceIsRetired() {
    DesiredState before = before();
    ApiMetadata api = MetadataCarry.carry(before, DesiredState.EMPTY).api();
    assertTrue(api.zones().isEmpty());
    assertTrue(api.checks().isEmpty());
    assertEquals(List.of("hr"), api.retiredCheckReferences());
  }
}
