package dev.vigil.controller.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.controller.Fixtures;
import dev.vigil.controller.model.ApiMetadata;
import dev.vigil.controller.model.DesiredState;
import dev.vigil.controller.model.HostedZone;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** CreateHostedZone, DeleteHostedZone and the health-check edits, as pure functions. */
class ApiEditsTest {

  static final ObjectMapper JSON = new ObjectMapper();

  static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  static DesiredState withZone() throws Exception {
    return ZoneEdits.create(DesiredState.EMPTY, json("{\"Name\": \"a.test\", \"CallerReference\": \"r\"}"),
        "ZAAAAAAAAAAAAAAAAAAAA", "C1").next();
  }

  static Stream<Arguments> invalidZoneRequests() {
    return Stream.of(
        Arguments.of("{\"CallerReference\": \"r\"}", "Name: required"),
        Arguments.of("{\"Name\": \"a.test\"}", "CallerReference: required"),
        Arguments.of("{\"Name\": \"a..test\", \"CallerReference\": \"r\"}", "Name: not a valid DNS name"),
        Arguments.of("{\"Name\": \"a.test\", \"CallerReference\": \"" + "r".repeat(129) + "\"}",
            "CallerReference: at most 128 characters"),
        Arguments.of("{\"Name\": \"a.test\", \"CallerReference\": \"r\", \"VPC\": {}}", "VPC: unknown field"),
        Arguments.of("{\"Name\": \"a.test\", \"CallerReference\": \"r\", \"HostedZoneConfig\": {\"PrivateZone\": true}}",
            "private zones are not supported"));
  }

  @ParameterizedTest
  @MethodSource("invalidZoneRequests")
  void invalidCreateHostedZoneRequestsAreInvalidInput(String request, String problem) throws Exception {
    ApiException e = assertThrows(ApiException.class, () -> ZoneEdits.create(DesiredState.EMPTY, json(request), "Z", "C"));
    assertEquals("InvalidInput", e.code());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void aNewZoneHasTheGivenIdAndItsCallerReference() throws Exception {
    DesiredState state = withZone();
    assertEquals(List.of(new HostedZone("a.test.", List.of())), state.hostedZones());
    assertEquals("ZAAAAAAAAAAAAAAAAAAAA", state.api().zoneId("a.test."));
    assertEquals("r", state.api().zone("a.test.").orElseThrow().callerReference());
  }

  @Test
  void theSameCallerReferenceAndNameIsTheSameZone() throws Exception {
    ZoneEdits.Created again = ZoneEdits.create(withZone(), json("{\"Name\": \"A.TEST.\", \"CallerReference\": \"r\"}"),
        "ZOTHER", "C2");
    assertNull(again.next(), "nothing to write");
    assertEquals("ZAAAAAAAAAAAAAAAAAAAA", again.id());
    assertEquals("C1", again.changeId(), "the change that created it");
  }

  @Test
  void aZoneIsFoundByIdWithOrWithoutPrefixOrByName() throws Exception {
    DesiredState state = withZone();
    for (String key : List.of("ZAAAAAAAAAAAAAAAAAAAA", "/hostedzone/ZAAAAAAAAAAAAAAAAAAAA", "a.test", "A.Test.")) {
      assertEquals("a.test.", ZoneEdits.find(state, key).orElseThrow().name(), key);
    }
    assertTrue(ZoneEdits.find(state, "ZB").isEmpty());
  }

  @Test
  void configZonesHaveAStableIdDerivedFromTheName() {
    String id = ApiMetadata.derivedZoneId("example.test.");
    assertTrue(id.matches("Z[A-Z2-7]{20}"), id);
    assertEquals(id, ApiMetadata.derivedZoneId("example.test."));
    assertEquals(id, Fixtures.failoverState().api().zoneId("example.test."));
    assertTrue(!id.equals(ApiMetadata.derivedZoneId("other.test.")));
  }

  @Test
  void aZoneWithRecordSetsIsNotDeleted() {
    ApiException e = assertThrows(ApiException.class, () -> ZoneEdits.delete(Fixtures.failoverState(), "example.test"));
    assertEquals("HostedZoneNotEmpty", e.code());
    assertEquals(400, e.status());
  }

  @Test
  void aZoneWithOnlyItsApexSoaAndNsIsDeleted() throws Exception {
    DesiredState state = withZone();
    DesiredState withApex = new DesiredState(List.of(), List.of(new HostedZone("a.test.", List.of(
        Fixtures.simple("a.test.", "NS", "ns1.a.test.")))), state.api());
    DesiredState after = ZoneEdits.delete(withApex, "a.test.");
    assertTrue(after.hostedZones().isEmpty());
    assertTrue(after.api().zones().isEmpty());
    assertEquals("NoSuchHostedZone", assertThrows(ApiException.class, () -> ZoneEdits.delete(after, "a.test")).code());
  }

  static final String CHECK = """
      {"CallerReference": "c", "HealthCheckConfig": {"Type": "HTTP", "IPAddress": "127.0.0.1", "Port": 80}}""";

  @Test
  void createHealthCheckIsIdempotentForTheSameConfig() throws Exception {
    CheckEdits.Outcome first = CheckEdits.create(DesiredState.EMPTY, json(CHECK), "id-1");
    DesiredState state = first.next();
    CheckEdits.Outcome again = CheckEdits.create(state, json(CHECK), "id-2");
    assertNull(again.next());
    assertEquals("id-1", again.check().id());
    ApiException e = assertThrows(ApiException.class,
        () -> CheckEdits.create(state, json(CHECK.replace("80", "81")), "id-3"));
    assertEquals("HealthCheckAlreadyExists", e.code());
    assertEquals(409, e.status());
  }

  @Test
  void updateChecksTheVersionAndBumpsIt() throws Exception {
    DesiredState state = CheckEdits.create(DesiredState.EMPTY, json(CHECK), "id-1").next();
    CheckEdits.Outcome updated = CheckEdits.update(state, "id-1", json("{\"HealthCheckVersion\": 1, \"Port\": 81}"));
    assertEquals(81, updated.check().port());
    assertEquals(2, updated.next().api().version("id-1"));
    assertEquals("c", updated.next().api().check("id-1").orElseThrow().callerReference());
    ApiException stale = assertThrows(ApiException.class,
        () -> CheckEdits.update(updated.next(), "id-1", json("{\"HealthCheckVersion\": 1, \"Port\": 82}")));
    assertEquals("HealthCheckVersionMismatch", stale.code());
    assertNull(CheckEdits.update(updated.next(), "id-1", json("{\"Port\": 81}")).next(), "no change, no write");
    assertEquals("InvalidInput", assertThrows(ApiException.class,
        () -> CheckEdits.update(state, "id-1", json("{\"RequestInterval\": 10}"))).code());
    assertEquals("NoSuchHealthCheck", assertThrows(ApiException.class,
        () -> CheckEdits.update(state, "nope", json("{}"))).code());
  }

  @Test
  void resetElementsRestoresDefaults() throws Exception {
    DesiredState state = CheckEdits.create(DesiredState.EMPTY, json(CHECK.replace("\"Port\": 80",
        "\"Port\": 80, \"ResourcePath\": \"/x\", \"Regions\": [\"eu\", \"us\", \"ap\"]")), "id-1").next();
    CheckEdits.Outcome reset = CheckEdits.update(state, "id-1", json("{\"ResetElements\": [\"ResourcePath\", \"Regions\"]}"));
    assertEquals("/", reset.check().resourcePath());
    assertEquals(List.of(), reset.check().regions());
  }

  @Test
  void aCheckInUseIsNotDeletedAndADeletedReferenceIsNeverReused() throws Exception {
    ApiException inUse = assertThrows(ApiException.class, () -> CheckEdits.delete(Fixtures.failoverState(), "web"));
    assertEquals("HealthCheckInUse", inUse.code());
    assertEquals(List.of("www.example.test. A primary"), inUse.messages());

    DesiredState state = CheckEdits.create(DesiredState.EMPTY, json(CHECK), "id-1").next();
    DesiredState deleted = CheckEdits.delete(state, "id-1");
    assertTrue(deleted.healthChecks().isEmpty());
    assertEquals("HealthCheckAlreadyExists", assertThrows(ApiException.class,
        () -> CheckEdits.create(deleted, json(CHECK), "id-2")).code());
  }

  static Stream<dev.vigil.controller.model.HealthCheck> checks() {
    return Stream.of(
        Fixtures.httpCheck("a"),
        new dev.vigil.controller.model.HealthCheck("b", dev.vigil.controller.model.CheckType.HTTPS_STR_MATCH, "",
            "svc.example.test", 8443, "/status?x=1", "OK", 10, 7, true, true, true, false,
            List.of("eu", "us", "ap"), true, 0.5),
        new dev.vigil.controller.model.HealthCheck("c", dev.vigil.controller.model.CheckType.TCP, "::1", "", 22, "",
            "", 30, 3, false, false, false, false, List.of()),
        Fixtures.httpCheck("d").withThresholds(2, 5).withHealthyRegionsAtLeast(2)
            .withFlags(false, false, dev.vigil.controller.model.ColdStart.UNHEALTHY)
            .withDamping(dev.vigil.controller.model.FlapDamping.DEFAULTS, 30),
        dev.vigil.controller.model.HealthCheck.calculated("e", List.of("a", "c"), 1)
            .withFlags(true, false, dev.vigil.controller.model.ColdStart.HEALTHY)
            .withDamping(dev.vigil.controller.model.FlapDamping.OFF, 60));
  }

  /** GetHealthCheck's config read back by the config reader is the same check (UpdateHealthCheck relies on it). */
  @ParameterizedTest
  @MethodSource("checks")
  void theHealthCheckConfigJsonReadsBackToTheSameCheck(dev.vigil.controller.model.HealthCheck check) {
    List<dev.vigil.controller.config.ConfigProblem> problems = new java.util.ArrayList<>();
    assertEquals(java.util.Optional.of(check),
        dev.vigil.controller.config.ApiInput.healthCheck(check.id(), CheckJson.config(check), "",
            checks().toList(), problems),
        problems.toString());
  }
}
