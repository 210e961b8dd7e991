package dev.vigil.controller.answers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.Failover;
import dev.vigil.controller.model.HostedZone;
import dev.vigil.controller.model.RecordSet;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

@Timeout(10)
class AnswerCompilerTest {

  static final Name ZONE = name("example.test.");
  static final Name WWW = name("www.example.test.");

  static Name name(String text) {
    try {
      return Name.fromString(text);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static AnswerRRset rrset(String owner, int type, long ttl, String... values) {
    Name name = name(owner);
    List<Record> records = Arrays.stream(values).map(value -> {
      try {
        return Record.fromString(name, type, DClass.IN, ttl, value, ZONE);
      } catch (IOException e) {
        throw new IllegalArgumentException(e);
      }
    }).toList();
    return new AnswerRRset(name, type, ttl, records);
  }

  static RecordSet simple(String name, String type, long ttl, String... values) {
    return new RecordSet(name, type, ttl, "", Failover.NONE, "", List.of(values));
  }

  static RecordSet failover(Failover side, String checkId, String value) {
    return new RecordSet("www.example.test.", "A", 60, side.name().toLowerCase(), side, checkId, List.of(value));
  }

  static DesiredState state(HostedZone... zones) {
    return new DesiredState(List.of(), List.of(zones));
  }

  static CheckHealth health(String id, boolean healthy) {
    return new CheckHealth(id, healthy, Instant.EPOCH, healthy ? "up" : "down");
  }

  /**
   * Check states: "healthy"/"unhealthy" = decided; "unknown" = has a HealthCheckId but no decision yet;
   * "none" = no HealthCheckId at all.
   */
  @ParameterizedTest(name = "primary {0}, secondary {1} -> {2}")
  @CsvSource({
      "healthy,   healthy,   127.0.0.2",
      "healthy,   unhealthy, 127.0.0.2",
      "healthy,   none,      127.0.0.2",
      "unhealthy, healthy,   127.0.0.3",
      "unhealthy, unhealthy, 127.0.0.2",
      "unhealthy, none,      127.0.0.3",
      "unhealthy, unknown,   127.0.0.3",
      "unknown,   healthy,   127.0.0.2",
      "none,      healthy,   127.0.0.2",
      "none,      unhealthy, 127.0.0.2"})
  void answersTheFailoverGroupLikeRoute53(String primary, String secondary, String answer) {
    Map<String, CheckHealth> health = new HashMap<>();
    RecordSet p = failover(Failover.PRIMARY, checkId("p", primary, health), "127.0.0.2");
    RecordSet s = failover(Failover.SECONDARY, checkId("s", secondary, health), "127.0.0.3");
    AnswerSet answers = AnswerCompiler.compile(state(new HostedZone("example.test.", List.of(p, s))), health);
    assertEquals(rrset("www.example.test.", Type.A, 60, answer),
        answers.zones().get(ZONE).rrsets().get(new RRsetKey(WWW, Type.A)));
  }

  private static String checkId(String id, String state, Map<String, CheckHealth> health) {
    switch (state) {
      case "none" -> {
        return "";
      }
      case "unknown" -> {
        return id;
      }
      default -> {
        health.put(id, health(id, state.equals("healthy")));
        return id;
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"PRIMARY, true", "PRIMARY, false", "SECONDARY, true", "SECONDARY, false"})
  void aGroupWithOneSideAnswersWithIt(Failover side, boolean healthy) {
    RecordSet only = failover(side, "c", "127.0.0.9");
    AnswerSet answers = AnswerCompiler.compile(state(new HostedZone("example.test.", List.of(only))),
        Map.of("c", health("c", healthy)));
    assertEquals(rrset("www.example.test.", Type.A, 60, "127.0.0.9"),
        answers.zones().get(ZONE).rrsets().get(new RRsetKey(WWW, Type.A)));
  }

  @Test
  void answersSimpleRecordSetsAsTheyAreWithTheirTtl() {
    RecordSet a = simple("www.example.test.", "A", 300, "127.0.0.2", "127.0.0.3");
    RecordSet mx = simple("example.test.", "MX", 3600, "10 mail", "20 mail.other.test.");
    RecordSet txt = new RecordSet("www.example.test.", "TXT", 0, "", Failover.NONE, "down", List.of("\"v=1\""));
    AnswerSet answers = AnswerCompiler.compile(state(new HostedZone("example.test.", List.of(a, mx, txt))),
        Map.of("down", health("down", false)));
    Map<RRsetKey, AnswerRRset> rrsets = answers.zones().get(ZONE).rrsets();
    assertEquals(rrset("www.example.test.", Type.A, 300, "127.0.0.2", "127.0.0.3"), rrsets.get(new RRsetKey(WWW, Type.A)));
    AnswerRRset mxAnswer = rrsets.get(new RRsetKey(ZONE, Type.MX));
    assertEquals(List.of("10 mail.example.test.", "20 mail.other.test."),
        mxAnswer.records().stream().map(Record::rdataToString).toList());
    assertEquals(3600, mxAnswer.ttl());
    assertEquals(rrset("www.example.test.", Type.TXT, 0, "\"v=1\""), rrsets.get(new RRsetKey(WWW, Type.TXT)));
    rrsets.values().forEach(rrset -> rrset.records().forEach(r -> assertEquals(rrset.ttl(), r.getTTL())));
  }

  @Test
  void generatesTheApexSoaAndNsOfAnEmptyZone() {
    AnswerSet answers = AnswerCompiler.compile(state(new HostedZone("example.test.", List.of())), Map.of());
    assertEquals(Map.of(
        new RRsetKey(ZONE, Type.SOA),
        rrset("example.test.", Type.SOA, 900, "ns1.example.test. hostmaster.example.test. 1 7200 900 1209600 86400"),
        new RRsetKey(ZONE, Type.NS),
        rrset("example.test.", Type.NS, 172_800, "ns1.example.test.")),
        answers.zones().get(ZONE).rrsets());
    assertEquals(ZONE, answers.zones().get(ZONE).origin());
  }

  @Test
  void aZoneSoaOrNsReplacesTheGeneratedOne() {
    RecordSet soa = simple("example.test.", "SOA", 60, "dns hostmaster 42 3600 600 86400 60");
    RecordSet ns = simple("example.test.", "NS", 3600, "a.ns.test.", "b.ns.test.");
    Map<RRsetKey, AnswerRRset> soaOnly = AnswerCompiler.compile(
        state(new HostedZone("example.test.", List.of(soa))), Map.of()).zones().get(ZONE).rrsets();
    assertEquals(rrset("example.test.", Type.SOA, 60, "dns hostmaster 42 3600 600 86400 60"),
        soaOnly.get(new RRsetKey(ZONE, Type.SOA)));
    assertEquals(rrset("example.test.", Type.NS, 172_800, "ns1.example.test."), soaOnly.get(new RRsetKey(ZONE, Type.NS)));
    Map<RRsetKey, AnswerRRset> nsOnly = AnswerCompiler.compile(
        state(new HostedZone("example.test.", List.of(ns))), Map.of()).zones().get(ZONE).rrsets();
    assertEquals(rrset("example.test.", Type.NS, 3600, "a.ns.test.", "b.ns.test."), nsOnly.get(new RRsetKey(ZONE, Type.NS)));
    assertEquals(900, nsOnly.get(new RRsetKey(ZONE, Type.SOA)).ttl());
  }

  @Test
  void aDelegationBelowTheApexDoesNotReplaceTheApexNs() {
    RecordSet delegation = simple("sub.example.test.", "NS", 3600, "ns.sub.example.test.");
    Map<RRsetKey, AnswerRRset> rrsets = AnswerCompiler.compile(
        state(new HostedZone("example.test.", List.of(delegation))), Map.of()).zones().get(ZONE).rrsets();
    assertEquals(Set.of(new RRsetKey(ZONE, Type.SOA), new RRsetKey(ZONE, Type.NS),
        new RRsetKey(name("sub.example.test."), Type.NS)), rrsets.keySet());
  }

  @Test
  void compilesEveryZoneOnItsOwn() {
    HostedZone one = new HostedZone("example.test.", List.of(simple("www.example.test.", "A", 60, "127.0.0.2")));
    HostedZone two = new HostedZone("other.test.", List.of(simple("other.test.", "AAAA", 60, "::1")));
    AnswerSet answers = AnswerCompiler.compile(state(one, two), Map.of());
    assertEquals(Set.of(ZONE, name("other.test.")), answers.zones().keySet());
    assertEquals(Set.of(new RRsetKey(ZONE, Type.SOA), new RRsetKey(ZONE, Type.NS), new RRsetKey(WWW, Type.A)),
        answers.zones().get(ZONE).rrsets().keySet());
    Name other = name("other.test.");
    assertEquals(Set.of(new RRsetKey(other, Type.SOA), new RRsetKey(other, Type.NS), new RRsetKey(other, Type.AAAA)),
        answers.zones().get(other).rrsets().keySet());
    assertEquals(rrset("other.test.", Type.SOA, 900, "ns1.other.test. hostmaster.other.test. 1 7200 900 1209600 86400"),
        answers.zones().get(other).rrsets().get(new RRsetKey(other, Type.SOA)));
  }

  @Test
  void noZonesCompileToTheEmptyAnswerSet() {
    assertEquals(AnswerSet.EMPTY, AnswerCompiler.compile(DesiredState.EMPTY, Map.of()));
  }

  @Test
  void refusesAStateThatValidationWouldRefuse() {
    RecordSet a = simple("www.example.test.", "A", 60, "127.0.0.2");
    RecordSet twin = simple("www.example.test.", "A", 60, "127.0.0.3");
    RecordSet bad = simple("www.example.test.", "A", 60, "not-an-address");
    assertThrows(IllegalArgumentException.class,
        () -> AnswerCompiler.compile(state(new HostedZone("example.test.", List.of(a, twin))), Map.of()));
    assertThrows(IllegalArgumentException.class,
        () -> AnswerCompiler.compile(state(new HostedZone("example.test.", List.of(bad))), Map.of()));
  }
}
