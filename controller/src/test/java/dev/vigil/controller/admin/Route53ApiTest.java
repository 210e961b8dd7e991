package dev.vigil.controller.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.controller.ReadyController;
import dev.vigil.controller.ControllerRuntime;
import dev.vigil.controller.model.DesiredState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Route 53-style API on one real controller (a one-member Raft group). */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Route53ApiTest {

  @TempDir static Path dir;
  static ControllerRuntime runtime;
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();
  static String zoneId;
  static String checkId;

  @BeforeAll
  static void start() throws Exception {
    runtime = ReadyController.start(dir);
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  static HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.BodyPublisher publisher = body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort() + path))
        .header("Content-Type", "application/json").method(method, publisher).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  static String errorCode(HttpResponse<String> r) throws Exception {
    return json(r).path("Error").path("Code").asText();
  }

  static DesiredState desired() {
    return runtime.state().current().desired();
  }

  @Test
  @Order(1)
  void createHostedZoneIsIdempotentByCallerReference() throws Exception {
    String request = """
        {"Name": "example.test", "CallerReference": "ref-1", "HostedZoneConfig": {"Comment": "test zone"}}""";
    HttpResponse<String> created = send("POST", "/v1/hostedzone", request);
    assertEquals(201, created.statusCode(), created.body());
    JsonNode zone = json(created).path("HostedZone");
    zoneId = zone.path("Id").asText();
    assertTrue(zoneId.matches("/hostedzone/Z[A-Z2-7]{20}"), zoneId);
    assertEquals("example.test.", zone.path("Name").asText());
    assertEquals("ref-1", zone.path("CallerReference").asText());
    assertEquals("test zone", zone.path("Config").path("Comment").asText());
    assertEquals(2, zone.path("ResourceRecordSetCount").asInt(), "the generated SOA and NS");
    assertTrue(json(created).path("ChangeInfo").path("Id").asText().startsWith("/change/C"), created.body());
    assertEquals("ns1.example.test.", json(created).path("DelegationSet").path("NameServers").get(0).asText());

    long configIndex = runtime.state().current().configIndex();
    HttpResponse<String> again = send("POST", "/v1/hostedzone", request);
    assertEquals(200, again.statusCode(), again.body());
    assertEquals(zoneId, json(again).path("HostedZone").path("Id").asText());
    assertEquals(json(created).path("ChangeInfo").path("Id"), json(again).path("ChangeInfo").path("Id"));
    assertEquals(1, desired().hostedZones().size());
    assertEquals(configIndex, runtime.state().current().configIndex(), "nothing new was committed");

    HttpResponse<String> otherName = send("POST", "/v1/hostedzone", """
        {"Name": "other.test.", "CallerReference": "ref-1"}""");
    assertEquals(409, otherName.statusCode(), otherName.body());
    assertEquals("HostedZoneAlreadyExists", errorCode(otherName));
    HttpResponse<String> sameName = send("POST", "/v1/hostedzone", """
        {"Name": "example.test.", "CallerReference": "ref-2"}""");
    assertEquals(409, sameName.statusCode(), sameName.body());
    assertEquals("HostedZoneAlreadyExists", errorCode(sameName));
  }

  @Test
  @Order(2)
  void zonesAreFoundByIdOrName() throws Exception {
    String bare = zoneId.substring("/hostedzone/".length());
    for (String key : List.of(bare, "example.test", "example.test.")) {
      HttpResponse<String> r = send("GET", "/v1/hostedzone/" + key, null);
      assertEquals(200, r.statusCode(), key + ": " + r.body());
      assertEquals(zoneId, json(r).path("HostedZone").path("Id").asText());
    }
    HttpResponse<String> list = send("GET", "/v1/hostedzone", null);
    assertEquals(200, list.statusCode(), list.body());
    assertEquals(1, json(list).path("HostedZones").size());
    HttpResponse<String> missing = send("GET", "/v1/hostedzone/ZNOPE", null);
    assertEquals(404, missing.statusCode(), missing.body());
    assertEquals("NoSuchHostedZone", errorCode(missing));
  }

  @Test
  @Order(3)
  void healthCheckCreateIsIdempotentAndConflictsOnADifferentConfig() throws Exception {
    String request = """
        {"CallerReference": "hc-1", "HealthCheckConfig": {"Type": "HTTP", "IPAddress": "127.0.0.2", "Port": 8080,
         "ResourcePath": "/health", "RequestInterval": 10, "FailureThreshold": 2}}""";
    HttpResponse<String> created = send("POST", "/v1/healthcheck", request);
    assertEquals(201, created.statusCode(), created.body());
    JsonNode check = json(created).path("HealthCheck");
    checkId = check.path("Id").asText();
    assertTrue(checkId.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), checkId);
    assertEquals(1, check.path("HealthCheckVersion").asLong());
    assertEquals("/health", check.path("HealthCheckConfig").path("ResourcePath").asText());
    assertEquals(2, check.path("HealthCheckConfig").path("FailureThreshold").asInt());

    HttpResponse<String> again = send("POST", "/v1/healthcheck", request);
    assertEquals(200, again.statusCode(), again.body());
    assertEquals(checkId, json(again).path("HealthCheck").path("Id").asText());
    assertEquals(1, desired().healthChecks().size());

    HttpResponse<String> different = send("POST", "/v1/healthcheck", request.replace("8080", "8081"));
    assertEquals(409, different.statusCode(), different.body());
    assertEquals("HealthCheckAlreadyExists", errorCode(different));

    HttpResponse<String> invalid = send("POST", "/v1/healthcheck", """
        {"CallerReference": "hc-2", "HealthCheckConfig": {"Type": "HTTP", "Port": 70000, "Colour": "red"}}""");
    assertEquals(400, invalid.statusCode(), invalid.body());
    assertEquals("InvalidInput", errorCode(invalid));
    List<String> messages = new ArrayList<>();
    json(invalid).path("Error").path("Messages").forEach(m -> messages.add(m.asText()));
    assertTrue(messages.contains("HealthCheckConfig.Port: must be 1-65535, got 70000"), messages.toString());
    assertTrue(messages.stream().anyMatch(m -> m.startsWith("HealthCheckConfig.Colour: unknown field")), messages.toString());
    assertTrue(messages.stream().anyMatch(m -> m.contains("needs IPAddress or FullyQualifiedDomainName")), messages.toString());
  }

  static String batch(String changes) {
    return "{\"ChangeBatch\": {\"Comment\": \"c\", \"Changes\": [" + changes + "]}}";
  }

  static String change(String action, String name, String value, String extra) {
    return "{\"Action\": \"" + action + "\", \"ResourceRecordSet\": {\"Name\": \"" + name + "\", \"Type\": \"A\","
        + " \"TTL\": 60, \"ResourceRecords\": [{\"Value\": \"" + value + "\"}]" + extra + "}}";
  }

  @Test
  @Order(4)
  void aChangeBatchCommitsAsOneEntryAndGetChangeReportsIt() throws Exception {
    long before = runtime.state().current().configIndex();
    HttpResponse<String> r = send("POST", "/v1/hostedzone/example.test./rrset", batch(String.join(",",
        change("CREATE", "www.example.test", "127.0.0.2",
            ", \"SetIdentifier\": \"p\", \"Failover\": \"PRIMARY\", \"HealthCheckId\": \"" + checkId + "\""),
        change("CREATE", "www.example.test", "127.0.0.3", ", \"SetIdentifier\": \"s\", \"Failover\": \"SECONDARY\""),
        change("UPSERT", "api.example.test.", "127.0.0.4", ""))));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode info = json(r).path("ChangeInfo");
    assertEquals("c", info.path("Comment").asText());
    assertEquals("INSYNC", info.path("Status").asText(), "no dns-node is known, nothing to wait for");
    assertEquals(3, desired().hostedZones().getFirst().recordSets().size());
    assertEquals(runtime.state().current().configIndex(), runtime.state().current().appliedIndex());
    assertTrue(runtime.state().current().configIndex() > before);

    String changeId = info.path("Id").asText();
    HttpResponse<String> got = send("GET", "/v1" + changeId, null);
    assertEquals(200, got.statusCode(), got.body());
    assertEquals(changeId, json(got).path("ChangeInfo").path("Id").asText());
    HttpResponse<String> unknown = send("GET", "/v1/change/CNOPE", null);
    assertEquals(404, unknown.statusCode());
    assertEquals("NoSuchChange", errorCode(unknown));

    HttpResponse<String> sets = send("GET", "/v1/hostedzone/example.test/rrset", null);
    assertEquals(200, sets.statusCode(), sets.body());
    List<String> keys = new ArrayList<>();
    json(sets).path("ResourceRecordSets").forEach(s -> keys.add(s.path("Name").asText() + " " + s.path("Type").asText()
        + (s.has("SetIdentifier") ? " " + s.path("SetIdentifier").asText() : "")));
    assertEquals(List.of("example.test. NS", "example.test. SOA", "api.example.test. A", "www.example.test. A p",
        "www.example.test. A s"), keys);
  }

  @Test
  @Order(5)
  void aBatchWithBadChangesAppliesNothingAndListsEveryProblem() throws Exception {
    long configIndex = runtime.state().current().configIndex();
    DesiredState before = desired();
    HttpResponse<String> r = send("POST", "/v1/hostedzone/" + zoneId.substring(12) + "/rrset", batch(String.join(",",
        change("CREATE", "new.example.test", "127.0.0.9", ""),                  // fine on its own
        change("CREATE", "api.example.test", "127.0.0.4", ""),                  // exists
        change("DELETE", "api.example.test", "127.0.0.5", ""),                  // values differ
        change("DELETE", "gone.example.test", "127.0.0.5", ""),                 // not found
        change("UPSERT", "bad.example.test", "300.0.0.1", ""),                  // invalid value
        change("UPSERT", "x.example.test", "127.0.0.1", ", \"HealthCheckId\": \"nope\""),
        "{\"Action\": \"MOVE\", \"ResourceRecordSet\": {}}")));
    assertEquals(400, r.statusCode(), r.body());
    assertEquals("InvalidChangeBatch", errorCode(r));
    List<String> messages = new ArrayList<>();
    json(r).path("Error").path("Messages").forEach(m -> messages.add(m.asText()));
    String all = String.join("\n", messages);
    assertTrue(all.contains("Changes[1]: Tried to create resource record set [name='api.example.test.', type='A'] but it already exists"), all);
    assertTrue(all.contains("Changes[2]: Tried to delete resource record set [name='api.example.test.', type='A'] but the values provided do not match the current values"), all);
    assertTrue(all.contains("Changes[3]: Tried to delete resource record set [name='gone.example.test.', type='A'] but it was not found"), all);
    assertTrue(all.contains("Changes[4].ResourceRecordSet.ResourceRecords[0].Value: not a valid A value"), all);
    assertTrue(all.contains("Changes[5].ResourceRecordSet.HealthCheckId: no health check with Id 'nope'"), all);
    assertTrue(all.contains("Changes[6].Action: must be CREATE, DELETE or UPSERT"), all);
    assertTrue(all.contains("Changes[6].ResourceRecordSet.Name: required"), all);
    assertEquals(before, desired(), "nothing applied");
    assertEquals(configIndex, runtime.state().current().configIndex(), "no change written to the log");
  }

  @Test
  @Order(6)
  void malformedJsonIsABadRequestNamingTheProblem() throws Exception {
    HttpResponse<String> syntax = send("POST", "/v1/hostedzone/example.test./rrset", "{\"ChangeBatch\": {\"Changes\": [}");
    assertEquals(400, syntax.statusCode(), syntax.body());
    assertEquals("InvalidInput", errorCode(syntax));
    String message = json(syntax).path("Error").path("Message").asText();
    assertTrue(message.startsWith("request body: line 1, column "), message);
    assertTrue(message.contains("malformed JSON"), message);
    HttpResponse<String> empty = send("POST", "/v1/healthcheck", "");
    assertEquals(400, empty.statusCode(), empty.body());
    assertTrue(json(empty).path("Error").path("Message").asText().contains("empty body"), empty.body());
    HttpResponse<String> notObject = send("POST", "/v1/hostedzone", "[1]");
    assertEquals(400, notObject.statusCode(), notObject.body());
    assertTrue(json(notObject).path("Error").path("Message").asText().contains("must be a JSON object"));
    HttpResponse<String> wrongShape = send("POST", "/v1/hostedzone/example.test./rrset", "{\"Changes\": []}");
    assertEquals(400, wrongShape.statusCode(), wrongShape.body());
    assertTrue(json(wrongShape).path("Error").path("Message").asText().contains("Changes: unknown field"));
  }

  @Test
  @Order(7)
  void updateNeedsTheCurrentVersionAndBumpsIt() throws Exception {
    HttpResponse<String> updated = send("POST", "/v1/healthcheck/" + checkId, """
        {"HealthCheckVersion": 1, "Port": 9090, "ResetElements": ["ResourcePath"]}""");
    assertEquals(200, updated.statusCode(), updated.body());
    JsonNode check = json(updated).path("HealthCheck");
    assertEquals(2, check.path("HealthCheckVersion").asLong());
    assertEquals(9090, check.path("HealthCheckConfig").path("Port").asInt());
    assertEquals("/", check.path("HealthCheckConfig").path("ResourcePath").asText());
    assertEquals(9090, desired().healthCheck(checkId).orElseThrow().port());

    HttpResponse<String> stale = send("POST", "/v1/healthcheck/" + checkId, """
        {"HealthCheckVersion": 1, "Port": 9091}""");
    assertEquals(409, stale.statusCode(), stale.body());
    assertEquals("HealthCheckVersionMismatch", errorCode(stale));
    assertEquals(9090, desired().healthCheck(checkId).orElseThrow().port());

    HttpResponse<String> typeChange = send("POST", "/v1/healthcheck/" + checkId, "{\"Type\": \"TCP\"}");
    assertEquals(400, typeChange.statusCode(), typeChange.body());
    HttpResponse<String> got = send("GET", "/v1/healthcheck/" + checkId, null);
    assertEquals(2, json(got).path("HealthCheck").path("HealthCheckVersion").asLong());
    assertEquals(404, send("GET", "/v1/healthcheck/nope", null).statusCode());
    HttpResponse<String> list = send("GET", "/v1/healthcheck", null);
    assertEquals(1, json(list).path("HealthChecks").size(), list.body());
  }

  @Test
  @Order(8)
  void statusHasOneObservationPerAgentAndTheLastFailure() throws Exception {
    java.time.Instant now = java.time.Instant.now();
    runtime.monitor().observe(List.of(
        new dev.vigil.controller.health.ProbeObservation("a1", "eu-central-1", checkId, now.minusSeconds(2), true,
            "HTTP 200"),
        new dev.vigil.controller.health.ProbeObservation("a2", "us-east-1", checkId, now.minusSeconds(1), false,
            "HTTP 503")));
    HttpResponse<String> status = send("GET", "/v1/healthcheck/" + checkId + "/status", null);
    assertEquals(200, status.statusCode(), status.body());
    JsonNode observations = json(status).path("HealthCheckObservations");
    assertEquals(2, observations.size(), status.body());
    assertEquals("eu-central-1", observations.get(0).path("Region").asText());
    assertEquals("Success: HTTP 200", observations.get(0).path("StatusReport").path("Status").asText());
    assertEquals("Failure: HTTP 503", observations.get(1).path("StatusReport").path("Status").asText());
    assertEquals(now.minusSeconds(1).toString(), observations.get(1).path("StatusReport").path("CheckedTime").asText());
    JsonNode failure = json(status).path("HealthCheckStatus").path("LastFailureReason");
    assertEquals("a2", failure.path("Agent").asText(), status.body());
    assertEquals("HTTP 503", failure.path("Reason").asText());
    assertEquals("NoSuchHealthCheck", errorCode(send("GET", "/v1/healthcheck/nope/status", null)));
  }

  @Test
  @Order(9)
  void deletesAreRefusedWhileSomethingDependsOnThem() throws Exception {
    HttpResponse<String> inUse = send("DELETE", "/v1/healthcheck/" + checkId, null);
    assertEquals(400, inUse.statusCode(), inUse.body());
    assertEquals("HealthCheckInUse", errorCode(inUse));
    HttpResponse<String> notEmpty = send("DELETE", "/v1/hostedzone/example.test.", null);
    assertEquals(400, notEmpty.statusCode(), notEmpty.body());
    assertEquals("HostedZoneNotEmpty", errorCode(notEmpty));

    HttpResponse<String> emptied = send("POST", "/v1/hostedzone/example.test./rrset", batch(String.join(",",
        change("DELETE", "www.example.test", "127.0.0.2",
            ", \"SetIdentifier\": \"p\", \"Failover\": \"PRIMARY\", \"HealthCheckId\": \"" + checkId + "\""),
        change("DELETE", "www.example.test", "127.0.0.3", ", \"SetIdentifier\": \"s\", \"Failover\": \"SECONDARY\""),
        change("DELETE", "api.example.test", "127.0.0.4", ""))));
    assertEquals(200, emptied.statusCode(), emptied.body());
    assertEquals(200, send("DELETE", "/v1/healthcheck/" + checkId, null).statusCode());
    HttpResponse<String> deleted = send("DELETE", "/v1/hostedzone/" + zoneId.substring(12), null);
    assertEquals(200, deleted.statusCode(), deleted.body());
    assertTrue(json(deleted).path("ChangeInfo").path("Id").asText().startsWith("/change/C"), deleted.body());
    assertTrue(desired().hostedZones().isEmpty());
    assertTrue(desired().healthChecks().isEmpty());

    HttpResponse<String> reused = send("POST", "/v1/healthcheck", """
        {"CallerReference": "hc-1", "HealthCheckConfig": {"Type": "TCP", "IPAddress": "127.0.0.2", "Port": 22}}""");
    assertEquals(409, reused.statusCode(), reused.body());
    assertEquals("HealthCheckAlreadyExists", errorCode(reused), "a deleted check's reference is never reused");
  }

  @Test
  @Order(10)
  void configFileZonesGetIdsDerivedFromTheirNameAndApplyingKeepsApiMetadata() throws Exception {
    HttpResponse<String> created = send("POST", "/v1/healthcheck", """
        {"CallerReference": "hc-3", "HealthCheckConfig": {"Type": "TCP", "IPAddress": "127.0.0.2", "Port": 22}}""");
    String id = json(created).path("HealthCheck").path("Id").asText();
    String config = """
        {"HealthChecks": [{"Id": "%s", "HealthCheckConfig": {"Type": "TCP", "IPAddress": "127.0.0.2", "Port": 23}}],
         "HostedZones": [{"Name": "file.test.", "ResourceRecordSets": []}]}""".formatted(id);
    HttpResponse<String> applied = send("POST", "/v1/config", config);
    assertEquals(200, applied.statusCode(), applied.body());
    HttpResponse<String> zone = send("GET", "/v1/hostedzone/file.test", null);
    assertEquals("/hostedzone/" + dev.vigil.controller.model.ApiMetadata.derivedZoneId("file.test."),
        json(zone).path("HostedZone").path("Id").asText());
    JsonNode check = json(send("GET", "/v1/healthcheck/" + id, null)).path("HealthCheck");
    assertEquals("hc-3", check.path("CallerReference").asText(), "kept across a config apply");
    assertEquals(2, check.path("HealthCheckVersion").asLong(), "the config changed the port");
    HttpResponse<String> again = send("POST", "/v1/config", config);
    assertTrue(again.body().contains("\"committed\":false"), again.body());
    assertNotEquals(0, desired().api().changes().size());
    assertFalse(desired().api().check(id).isEmpty());
  }
}
