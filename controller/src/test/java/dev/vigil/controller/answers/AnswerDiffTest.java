package dev.vigil.controller.answers;

import static dev.vigil.controller.answers.AnswerCompilerTest.ZONE;
import static dev.vigil.controller.answers.AnswerCompilerTest.WWW;
import static dev.vigil.controller.answers.AnswerCompilerTest.name;
import static dev.vigil.controller.answers.AnswerCompilerTest.rrset;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.Failover;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

@Timeout(10)
class AnswerDiffTest {

  static final HostedZone FAILOVER_ZONE = new HostedZone("example.test.", List.of(
      new RecordSet("www.example.test.", "A", 60, "p", Failover.PRIMARY, "web", List.of("127.0.0.2")),
      new RecordSet("www.example.test.", "A", 60, "s", Failover.SECONDARY, "", List.of("127.0.0.3"))));

  static AnswerSet compile(boolean webHealthy, HostedZone... zones) {
    return AnswerCompiler.compile(new DesiredState(List.of(), List.of(zones)),
        Map.of("web", new CheckHealth("web", webHealthy, Instant.EPOCH, "")));
  }

  static ZoneAnswers zone(AnswerRRset... rrsets) {
    return new ZoneAnswers(ZONE, Arrays.stream(rrsets)
        .collect(Collectors.toMap(AnswerRRset::key, r -> r)));
  }

  @Test
  void theSameAnswersMakeAnEmptyDiff() {
    AnswerDiff diff = AnswerDiff.between(compile(true, FAILOVER_ZONE), compile(true, FAILOVER_ZONE));
    assertTrue(diff.isEmpty(), diff.toString());
    assertTrue(AnswerDiff.between(AnswerSet.EMPTY, AnswerSet.EMPTY).isEmpty());
  }

  @Test
  void aFailoverFlipIsOneUpsert() {
    AnswerDiff diff = AnswerDiff.between(compile(true, FAILOVER_ZONE), compile(false, FAILOVER_ZONE));
    assertEquals(new AnswerDiff(
        List.of(new ZoneChange(ZONE, List.of(rrset("www.example.test.", Type.A, 60, "127.0.0.3")), List.of())),
        List.of()), diff);
    assertFalse(diff.isEmpty());
  }

  @Test
  void aTtlChangeAloneIsAnUpsert() {
    AnswerDiff diff = AnswerDiff.between(
        new AnswerSet(Map.of(ZONE, zone(rrset("www.example.test.", Type.A, 60, "127.0.0.2")))),
        new AnswerSet(Map.of(ZONE, zone(rrset("www.example.test.", Type.A, 30, "127.0.0.2")))));
    assertEquals(List.of(rrset("www.example.test.", Type.A, 30, "127.0.0.2")), diff.changedZones().getFirst().upserts());
  }

  @Test
  void recordOrderIsNotAChange() {
    AnswerDiff diff = AnswerDiff.between(
        new AnswerSet(Map.of(ZONE, zone(rrset("www.example.test.", Type.A, 60, "127.0.0.2", "127.0.0.3")))),
        new AnswerSet(Map.of(ZONE, zone(rrset("www.example.test.", Type.A, 60, "127.0.0.3", "127.0.0.2")))));
    assertTrue(diff.isEmpty(), diff.toString());
  }

  @Test
  void aRemovedRRsetIsARemoval() {
    AnswerRRset a = rrset("www.example.test.", Type.A, 60, "127.0.0.2");
    AnswerRRset txt = rrset("www.example.test.", Type.TXT, 60, "\"x\"");
    AnswerDiff diff = AnswerDiff.between(new AnswerSet(Map.of(ZONE, zone(a, txt))), new AnswerSet(Map.of(ZONE, zone(a))));
    assertEquals(List.of(new ZoneChange(ZONE, List.of(), List.of(new RRsetKey(WWW, Type.TXT)))), diff.changedZones());
    assertEquals(List.of(), diff.removedZones());
  }

  @Test
  void aRemovedZoneIsListedAndNotChanged() {
    HostedZone other = new HostedZone("other.test.", List.of());
    AnswerDiff diff = AnswerDiff.between(compile(true, FAILOVER_ZONE, other), compile(true, FAILOVER_ZONE));
    assertEquals(new AnswerDiff(List.of(), List.of(name("other.test."))), diff);
  }

  @Test
  void anAddedZoneIsAChangeWithAllItsRRsets() {
    HostedZone other = new HostedZone("other.test.", List.of(
        new RecordSet("a.other.test.", "A", 5, "", Failover.NONE, "", List.of("127.0.0.4"))));
    AnswerSet after = compile(true, FAILOVER_ZONE, other);
    AnswerDiff diff = AnswerDiff.between(compile(true, FAILOVER_ZONE), after);
    Name origin = name("other.test.");
    assertEquals(1, diff.changedZones().size());
    ZoneChange change = diff.changedZones().getFirst();
    assertEquals(origin, change.origin());
    assertEquals(List.of(), change.removals());
    assertEquals(after.zones().get(origin).rrsets().size(), change.upserts().size());
    assertEquals(Map.copyOf(after.zones().get(origin).rrsets()),
        change.upserts().stream().collect(Collectors.toMap(AnswerRRset::key, r -> r)));
    assertEquals(List.of(), diff.removedZones());
  }

  @Test
  void anEmptyNewZoneIsStillAChange() {
    ZoneAnswers empty = new ZoneAnswers(ZONE, Map.of());
    AnswerDiff diff = AnswerDiff.between(AnswerSet.EMPTY, new AnswerSet(Map.of(ZONE, empty)));
    assertEquals(List.of(new ZoneChange(ZONE, List.of(), List.of())), diff.changedZones());
  }

  @Test
  void everythingGoneRemovesEveryZone() {
    AnswerDiff diff = AnswerDiff.between(compile(true, FAILOVER_ZONE), AnswerSet.EMPTY);
    assertEquals(new AnswerDiff(List.of(), List.of(ZONE)), diff);
  }
}
