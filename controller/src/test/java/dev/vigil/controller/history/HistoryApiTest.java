package dev.vigil.controller.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.controller.ReadyController;
import dev.vigil.controller.Await;
import dev.vigil.controller.ControllerRuntime;
import dev.vigil.controller.FreePorts;
import dev.vigil.controller.cluster.RaftMember;
import dev.vigil.controller.health.ProbeObservation;
import dev.vigil.controller.net.HostPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GET /v1/history and the status of a CALCULATED check on one real controller; the history survives a restart
 * that loads a snapshot (one every 2 entries, the log purged up to it).
 */
@Timeout(120)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryApiTest {

  @TempDir static Path dir;
  static ControllerRuntime runtime;
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();
  static final int RAFT_PORT = FreePorts.next();

  static final String CONFIG = """
      HealthChecks:
        - Id: web
          HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.2, Port: 8080, RequestInterval: 1, FailureThreshold: 1}
        - Id: calc
          HealthCheckConfig: {Type: CALCULATED, ChildHealthChecks: [web], HealthThreshold: 1}
      HostedZones:
        - Name: example.test.
          ResourceRecordSets:
            - {Name: www, Type: A, TTL: 5, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: calc,
               ResourceRecords: [{Value: 127.0.0.2}]}
            - {Name: www, Type: A, TTL: 5, SetIdentifier: s, Failover: SECONDARY, ResourceRecords: [{Value: 127.0.0.3}]}
      """;

  static void start() throws Exception {
    var settings = new ControllerRuntime.Settings(
        "c1", List.of(new RaftMember("c1", "127.0.0.1:" + RAFT_PORT)), dir,
        HostPort.parse("127.0.0.1:0"), HostPort.parse("127.0.0.1:0"), false, 2, false,
        new HistoryRetention(1000, Duration.ofDays(1)));
    runtime = ReadyController.start(settings);
  }

  @BeforeAll
  static void startOnce() throws Exception {
    start();
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode history(String query) throws Exception {
    HttpResponse<String> r = get("/v1/history" + query);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  static List<String> lines(JsonNode body) {
    List<String> lines = new ArrayList<>();
    for (JsonNode e : body.path("entries")) {
      lines.add(e.path("kind").asText() + " " + (e.path("kind").asText().equals("HEALTH") ? e.path("checkId").asText()
          : e.path("name").asText() + " " + e.path("type").asText()) + ": " + e.path("before").asText() + " -> "
          + e.path("after").asText());
    }
    return lines;
  }

  /** Micronaut leaves out null and empty fields. */
  static boolean absent(JsonNode node) {
    return node.isMissingNode() || node.isNull();
  }

  static void observe(boolean healthy) {
    runtime.monitor().observe(List.of(
        new ProbeObservation("a1", "eu", "web", Instant.now(), healthy, healthy ? "HTTP 200" : "HTTP 503")));
  }

  @Test
  @Order(1)
  void recordsHealthTransitionsAndTheAnswerChangesTheyCause() throws Exception {
    HttpResponse<String> applied = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + runtime.httpPort() + "/v1/config"))
        .POST(HttpRequest.BodyPublishers.ofString(CONFIG)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, applied.statusCode(), applied.body());

    observe(false);
    Await.until(() -> !runtime.state().current().isHealthy("calc"), "calc unhealthy", Duration.ofSeconds(30));

    JsonNode web = history("?check=web");
    assertEquals(List.of("HEALTH web: healthy -> unhealthy", "HEALTH calc: healthy -> unhealthy",
        "ANSWER www.example.test. A: TTL 5: 127.0.0.2 -> TTL 5: 127.0.0.3"), lines(web));
    JsonNode answer = web.path("entries").get(2);
    assertEquals("health: calc unhealthy, web unhealthy", answer.path("cause").asText()); // by id
    assertFalse(absent(answer.path("at")), answer.toString());
    assertEquals("0 of 1 agent healthy (0% <= 18%)", web.path("entries").get(0).path("cause").asText());
    assertEquals(1000, web.path("retention").path("maxEntries").asInt());

    // The config's own answer changes carry its index and the time the member received it.
    JsonNode config = history("?name=www.example.test.&limit=2");
    assertEquals(2, config.path("entries").size(), config.toString());
    assertFalse(absent(config.path("entries").get(0).path("at")), config.toString());
    assertTrue(config.path("entries").get(0).path("cause").asText().startsWith("config at index "), config.toString());
  }

  @Test
  @Order(2)
  void filtersByNameTypeTimeAndLimit() throws Exception {
    JsonNode last = history("?name=WWW.example.test&type=a&limit=1");
    assertEquals(List.of("ANSWER www.example.test. A: TTL 5: 127.0.0.2 -> TTL 5: 127.0.0.3"), lines(last));
    assertEquals(2, last.path("matched").asInt());
    assertEquals(List.of(), lines(history("?name=nothing.example.test")));
    JsonNode future = history("?since=2999-01-01T00:00:00Z");
    assertEquals(0, future.path("entries").size());
    JsonNode timed = history("?since=2000-01-01T00:00:00Z");
    timed.path("entries").forEach(e -> assertFalse(absent(e.path("at")), e.toString()));
    assertEquals(6, timed.path("entries").size(), "the config's 3 answers, 2 health changes, 1 answer: " + timed);
  }

  static Stream<Arguments> badParameters() {
    return Stream.of(
        argumentSet("limit not a number", "?limit=ten", "limit: must be a whole number 1-10000, got 'ten'"),
        argumentSet("limit zero", "?limit=0", "limit: must be a whole number 1-10000, got '0'"),
        argumentSet("limit too big", "?limit=10001", "limit: must be a whole number 1-10000, got '10001'"),
        argumentSet("since not a time", "?since=yesterday",
            "since: must be an ISO-8601 UTC time such as 2026-01-31T08:00:00Z, got 'yesterday'"),
        argumentSet("type unknown", "?type=FOO", "type: not a DNS type, got 'FOO' (e.g. A, AAAA, CNAME)"),
        argumentSet("name not a name", "?name=a..b", "name: not a valid domain name 'a..b'"),
        argumentSet("consistency unknown", "?consistency=eventual",
            "consistency: must be linearizable or local, got 'eventual'"));
  }

  @ParameterizedTest
  @MethodSource("badParameters")
  @Order(3)
  void badParametersAreABadRequestWithAClearMessage(String query, String message) throws Exception {
    HttpResponse<String> r = get("/v1/history" + query);
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(JSON.readTree(r.body()).path("message").asText().startsWith(message), r.body());
  }

  @Test
  @Order(4)
  void theStatusOfACalculatedCheckShowsItsChildrenAndVerdict() throws Exception {
    HttpResponse<String> r = get("/v1/health-checks/calc/status");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode rules = JSON.readTree(r.body()).path("rules");
    assertEquals("0 of 1 child healthy (< HealthThreshold 1)", rules.path("children").asText(), r.body());
    assertFalse(rules.path("verdict").asBoolean());
    HttpResponse<String> web = get("/v1/health-checks/web/status");
    JsonNode observation = JSON.readTree(web.body()).path("observations").get(0);
    assertEquals("a1", observation.path("agent").asText(), web.body());
  }

  @Test
  @Order(5)
  void historySurvivesARestartFromASnapshot() throws Exception {
    JsonNode before = history("?limit=10000");
    long applied = runtime.state().current().appliedIndex();
    runtime.close();
    try (Stream<Path> files = Files.walk(dir)) {
      assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("snapshot.")), "a snapshot was taken");
    }
    start();
    Await.until(() -> runtime.state().current().appliedIndex() >= applied, "log applied", Duration.ofSeconds(30));
    JsonNode after = history("?limit=10000");
    assertEquals(before.path("entries"), after.path("entries"));
    assertFalse(runtime.state().current().isHealthy("calc"));
  }
}
