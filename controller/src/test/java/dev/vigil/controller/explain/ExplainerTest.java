package dev.vigil.controller.explain;

import static dev.vigil.controller.routing.RoutingFixture.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.answers.AnswerCompiler;
import dev.vigil.controller.answers.AnswerSet;
import dev.vigil.controller.health.AgentView;
import dev.vigil.controller.health.ProbeObservation;
import dev.vigil.controller.model.Cidr;
import dev.vigil.controller.model.CheckHealth;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.routing.RoutingFixture;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** Explanations: the served answer, each candidate with health and evidence, and the rules in order. */
@Timeout(20)
class ExplainerTest {

  static final Instant AT = Instant.parse("2026-11-21T08:00:00Z");

  static final String[] GEO = {
      "Name: www, Type: A, TTL: 60, SetIdentifier: by, GeoLocation: {CountryCode: DE, SubdivisionCode: BY},"
          + " HealthCheckId: a, ResourceRecords: [{Value: 127.0.1.1}]",
      "Name: www, Type: A, TTL: 60, SetIdentifier: de, GeoLocation: {CountryCode: DE}, HealthCheckId: b,"
          + " ResourceRecords: [{Value: 127.0.1.2}]",
      "Name: www, Type: A, TTL: 60, SetIdentifier: any, GeoLocation: {CountryCode: '*'},"
          + " ResourceRecords: [{Value: 127.0.1.4}]"};

  /** Agent eu-1 saw check a fail. */
  static final Explainer.Evidences EVIDENCE = new Explainer.Evidences() {
    @Override
    public List<AgentView> views(String checkId) {
      return checkId.equals("a") ? List.of(new AgentView("eu-1", "eu-central-1", "a", false, 0, AT,
          new ProbeObservation("eu-1", "eu-central-1", "a", AT, false, "connect timed out after 10s"))) : List.of();
    }

    @Override
    public Optional<String> exclusion(String agentId) {
      return Optional.empty();
    }
  };

  static Explanation explain(String yaml, Set<String> unhealthy, String name, int type, String client) {
    DesiredState state = RoutingFixture.state(yaml);
    Map<String, CheckHealth> health = RoutingFixture.health(unhealthy);
    AnswerSet answers = AnswerCompiler.compile(state, health);
    return Explainer.explain(state, health, answers, EVIDENCE, Name.fromConstantString(name), type,
        client == null ? Optional.empty() : Optional.of(Cidr.parse(client)));
  }

  @Test
  void geolocationFallbackIsTracedWithTheClientsLabelAndTheAgentsEvidence() {
    Explanation e = explain(config(GEO), Set.of("a"), "www.example.test.", Type.A, "10.100.7.0/24");
    assertEquals("geolocation", e.policy());
    assertEquals("geo", e.clientMap());
    assertEquals("-/DE/BY", e.clientLabel());
    assertEquals(16, e.scopePrefixLength());
    assertEquals(List.of(new Explanation.Answer(60, List.of("127.0.1.2"), 1, 1.0)), e.answers());
    assertEquals(List.of("client at -/DE/BY: location DE 'de' (unhealthy, more specific: location DE/BY 'by')"),
        e.rules());
    Explanation.CandidateTrace by = e.candidates().getFirst();
    assertEquals("GeoLocation DE/BY", by.routing());
    assertTrue(!by.healthy() && by.why().startsWith("health check a: unhealthy (down)"), by.why());
    assertEquals(List.of(new Explanation.Evidence("a", "eu-1", "eu-central-1", false, false,
        "connect timed out after 10s", AT.toString(), null)), by.evidence());
  }

  @Test
  void aClientOutsideTheDatabaseGetsTheDefaultAndScopeOfItsSubnet() {
    Explanation e = explain(config(GEO), Set.of(), "www.example.test.", Type.A, "192.0.2.0/24");
    assertNull(e.clientLabel());
    assertEquals(24, e.scopePrefixLength());
    assertEquals(List.of("127.0.1.4"), e.answers().getFirst().records());
    assertEquals(List.of("client at a place no record set names: location * 'any'"), e.rules());
  }

  @Test
  void allUnhealthyAndAliasTargetsAreTraced() {
    Explanation e = explain(config(
        "Name: www, Type: A, SetIdentifier: p, Failover: PRIMARY, AliasTarget: {HostedZoneId: example.test.,"
            + " DNSName: pool, EvaluateTargetHealth: true}",
        "Name: www, Type: A, TTL: 60, SetIdentifier: s, Failover: SECONDARY, HealthCheckId: c,"
            + " ResourceRecords: [{Value: 127.0.0.9}]",
        "Name: pool, Type: A, TTL: 60, SetIdentifier: x, Weight: 1, HealthCheckId: a, ResourceRecords: [{Value: 127.0.0.1}]",
        "Name: pool, Type: A, TTL: 60, SetIdentifier: y, Weight: 1, HealthCheckId: b, ResourceRecords: [{Value: 127.0.0.2}]"),
        Set.of("a", "b", "c"), "www.example.test.", Type.A, null);
    assertEquals(List.of(new Explanation.Answer(60, List.of("127.0.0.1"), 1, 0.5),
        new Explanation.Answer(60, List.of("127.0.0.2"), 1, 0.5)), e.answers());
    assertEquals(List.of(
        "no client given: the answer for a client that no client table covers",
        "every record set of the group (2) is unhealthy: Route 53 treats them all as healthy",
        "failover: PRIMARY 'p' is healthy",
        "alias 'p' → pool.example.test. A: every record set of the group (2) is unhealthy: Route 53 treats them all"
            + " as healthy",
        "alias 'p' → pool.example.test. A: weighted: 2 healthy record set(s) with non-zero weight, in proportion to"
            + " Weight"), e.rules());
    assertEquals("pool.example.test. A in example.test. (EvaluateTargetHealth)", e.candidates().getFirst().aliasTarget());
    assertTrue(e.candidates().getFirst().why().startsWith("alias target pool.example.test. A: no healthy record set"),
        e.candidates().getFirst().why());
  }

  @Test
  void aNameWithoutRecordSetsAndOneOutsideEveryZoneSaySo() {
    Explanation soa = explain(config(GEO), Set.of(), "example.test.", Type.SOA, null);
    assertEquals(List.of("no record set example.test. SOA in the config: generated by Vigil"), soa.rules());
    assertEquals(1, soa.answers().size());
    Explanation none = explain(config(GEO), Set.of(), "nope.example.test.", Type.A, null);
    assertEquals(List.of(), none.answers());
    Explanation outside = explain(config(GEO), Set.of(), "www.elsewhere.test.", Type.A, null);
    assertNull(outside.zone());
    assertEquals(List.of("no hosted zone contains www.elsewhere.test.: the dns-nodes answer REFUSED"), outside.rules());
  }

  @Test
  void aCnameOrAWildcardThatAnswersIsExplained() {
    String yaml = config(
        "Name: app, Type: CNAME, TTL: 60, SetIdentifier: a, Weight: 1, ResourceRecords: [{Value: a.example.test.}]",
        "Name: app, Type: CNAME, TTL: 60, SetIdentifier: b, Weight: 1, ResourceRecords: [{Value: b.example.test.}]",
        "Name: '*.apps', Type: A, TTL: 60, ResourceRecords: [{Value: 127.0.0.8}]");
    Explanation cname = explain(yaml, Set.of(), "app.example.test.", Type.A, null);
    assertEquals("app.example.test.", cname.name());
    assertEquals("A", cname.type());
    assertEquals("weighted", cname.policy());
    assertEquals("no A record set at app.example.test., but a CNAME: the dns-nodes answer it and follow it",
        cname.rules().get(1));
    assertEquals(List.of(List.of("a.example.test."), List.of("b.example.test.")),
        cname.answers().stream().map(Explanation.Answer::records).toList());
    Explanation wildcard = explain(yaml, Set.of(), "x.y.apps.example.test.", Type.A, null);
    assertEquals(List.of("127.0.0.8"), wildcard.answers().getFirst().records());
    assertEquals("no record set at x.y.apps.example.test.: the wildcard *.apps.example.test. answers it",
        wildcard.rules().get(1));
  }
}
