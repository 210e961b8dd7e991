package dev.vigil.controller.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.ReadyController;
import dev.vigil.controller.ControllerRuntime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The admin API on one real controller (a one-member Raft group): apply, diff, errors, state, cluster. */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminApiTest {

  @TempDir static Path dir;
  static ControllerRuntime runtime;
  static final HttpClient http = HttpClient.newHttpClient();

  static final String CONFIG = """
      HealthChecks:
        - Id: web
          HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.2, Port: 8080, RequestInterval: 1,
                              HealthQuorum: {HealthyFractionAbove: 0.5}}
      HostedZones:
        - Name: example.test.
          ResourceRecordSets:
            - {Name: www, Type: A, TTL: 5, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: web,
               ResourceRecords: [{Value: 127.0.0.2}]}
            - {Name: www, Type: A, TTL: 5, SetIdentifier: s, Failover: SECONDARY, ResourceRecords: [{Value: 127.0.0.3}]}
      """;

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

  static HttpResponse<String> post(String path, String body, String contentType) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + runtime.httpPort() + path);
  }

  @Test
  @Order(1)
  void aDryRunShowsTheDifferenceAndCommitsNothing() throws Exception {
    HttpResponse<String> r = post("/v1/config?dryRun=true", CONFIG, "application/yaml");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"committed\":false"), r.body());
    assertTrue(r.body().contains("\"HealthCheck web\""), r.body());
    assertTrue(runtime.state().current().desired().healthChecks().isEmpty());
  }

  @Test
  @Order(2)
  void applyingCommitsOneEntryAndShowsTheDifferenceAndNewVersion() throws Exception {
    long before = runtime.state().current().appliedIndex();
    HttpResponse<String> r = post("/v1/config", CONFIG, "text/plain");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"committed\":true"), r.body());
    assertTrue(r.body().contains("\"added\":[\"HealthCheck web\",\"HostedZone example.test.\""), r.body());
    long configIndex = runtime.state().current().configIndex();
    assertTrue(configIndex > before);
    assertTrue(r.body().contains("\"configIndex\":" + configIndex), r.body());
    assertEquals(0.5, runtime.state().current().desired().healthChecks().get(0).healthyFractionAbove());
    assertEquals(configIndex, runtime.state().current().appliedIndex(), "one entry for the whole config");
  }

  @Test
  @Order(3)
  void theSameConfigAgainChangesNothing() throws Exception {
    long configIndex = runtime.state().current().configIndex();
    var answers = runtime.state().current().answersVersion();
    HttpResponse<String> r = post("/v1/config", CONFIG, "application/yaml");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"committed\":false"), r.body());
    assertTrue(r.body().contains("\"added\":[],\"removed\":[],\"changed\":[]"), r.body());
    // Only the read barrier's no-op entry was written: no config, no new answers.
    assertEquals(configIndex, runtime.state().current().configIndex());
    assertEquals(answers, runtime.state().current().answersVersion());
  }

  @Test
  @Order(4)
  void jsonWorksTooAndAChangeIsListed() throws Exception {
    String json = """
        {"HealthChecks": [{"Id": "web", "HealthCheckConfig": {"Type": "HTTP", "IPAddress": "127.0.0.2",
          "Port": 8080, "RequestInterval": 1}}],
         "HostedZones": [{"Name": "example.test.", "ResourceRecordSets": [
          {"Name": "www", "Type": "A", "TTL": 5, "SetIdentifier": "p", "Failover": "PRIMARY", "HealthCheckId": "web",
           "ResourceRecords": [{"Value": "127.0.0.2"}]}]}]}
        """;
    HttpResponse<String> r = post("/v1/config", json, "application/json");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"removed\":[\"ResourceRecordSet example.test./www.example.test. A s\"]"), r.body());
    assertTrue(r.body().contains("\"changed\":[\"HealthCheck web\"]"), r.body());
  }

  @Test
  @Order(5)
  void everyValidationProblemIsListedAndNothingIsApplied() throws Exception {
    long index = runtime.state().current().appliedIndex();
    String broken = """
        HealthChecks:
          - Id: web
            HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.2, FailureThreshold: 11, Colour: red,
                                HealthQuorum: {HealthyFractionAbove: 2}}
        HostedZones:
          - Name: example.test.
            ResourceRecordSets:
              - {Name: www, Type: A, TTL: 5, HealthCheckId: nope, ResourceRecords: [{Value: 127.0.0.2}]}
        """;
    HttpResponse<String> r = post("/v1/config", broken, "application/yaml");
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("\"message\":\"request body: 4 problems\""), r.body());
    for (String path : List.of("HealthChecks[0].HealthCheckConfig.Colour", "HealthChecks[0].HealthCheckConfig.FailureThreshold",
        "HealthChecks[0].HealthCheckConfig.HealthQuorum.HealthyFractionAbove",
        "HostedZones[0].ResourceRecordSets[0].HealthCheckId")) {
      assertTrue(r.body().contains("\"path\":\"" + path + "\""), path + " in " + r.body());
    }
    assertEquals(index, runtime.state().current().appliedIndex());
  }

  @Test
  @Order(6)
  void malformedOrEmptyInputIsABadRequestWithAClearMessage() throws Exception {
    HttpResponse<String> syntax = post("/v1/config", "HealthChecks: [ {Id: x", "application/yaml");
    assertEquals(400, syntax.statusCode(), syntax.body());
    assertTrue(syntax.body().contains("syntax error"), syntax.body());
    HttpResponse<String> empty = post("/v1/config", "  ", "application/yaml");
    assertEquals(400, empty.statusCode(), empty.body());
    assertTrue(empty.body().contains("empty body"), empty.body());
    HttpResponse<String> badConsistency = get("/v1/state?consistency=eventual");
    assertEquals(400, badConsistency.statusCode(), badConsistency.body());
  }

  @Test
  @Order(7)
  void stateAndClusterNameTheLeaderAndEveryMember() throws Exception {
    HttpResponse<String> state = get("/v1/state");
    assertEquals(200, state.statusCode(), state.body());
    assertTrue(state.body().contains("\"leader\":\"c1\""), state.body());
    assertTrue(state.body().contains("\"configIndex\":" + runtime.state().current().configIndex()), state.body());
    assertEquals(200, get("/v1/state?consistency=local").statusCode());
    HttpResponse<String> cluster = get("/v1/cluster");
    assertEquals(200, cluster.statusCode(), cluster.body());
    assertTrue(cluster.body().contains("\"id\":\"c1\""), cluster.body());
    assertTrue(cluster.body().contains("\"role\":\"LEADER\""), cluster.body());
  }
}
