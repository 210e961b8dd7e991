package dev.vigil.controller.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.controller.ReadyController;
import dev.vigil.controller.ControllerRuntime;
import dev.vigil.controller.health.ProbeObservation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /v1/explain} and {@code vigil ctl explain} on one real controller. */
@Timeout(120)
class ExplainCommandTest {

  @TempDir static Path dir;
  static ControllerRuntime runtime;
  static final HttpClient http = HttpClient.newHttpClient();

  static final String CONFIG = """
      HealthChecks:
        - {Id: eu-web, HealthCheckConfig: {Type: TCP, IPAddress: 127.0.0.2, Port: 80}}
      LatencyRegions:
        - {Region: eu, CidrList: [10.1.0.0/16], NextBest: [us]}
        - {Region: us, CidrList: [10.2.0.0/16]}
      HostedZones:
        - Name: example.test.
          ResourceRecordSets:
            - {Name: www, Type: A, TTL: 60, SetIdentifier: eu, Region: eu, HealthCheckId: eu-web,
               ResourceRecords: [{Value: 127.0.0.2}]}
            - {Name: www, Type: A, TTL: 60, SetIdentifier: us, Region: us, ResourceRecords: [{Value: 127.0.0.3}]}
            - {Name: api, Type: A, TTL: 60, SetIdentifier: a, Weight: 1, ResourceRecords: [{Value: 127.0.0.4}]}
            - {Name: api, Type: A, TTL: 60, SetIdentifier: b, Weight: 3, ResourceRecords: [{Value: 127.0.0.5}]}
      """;

  @BeforeAll
  static void start() throws Exception {
    runtime = ReadyController.start(dir);
    HttpResponse<String> applied = http.send(HttpRequest.newBuilder(uri("/v1/config"))
        .POST(HttpRequest.BodyPublishers.ofString(CONFIG)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, applied.statusCode(), applied.body());
    runtime.monitor().observe(List.of(new ProbeObservation("agent-1", "eu-west-1", "eu-web", Instant.now(), true,
        "connected in 3 ms")));
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + runtime.httpPort() + path);
  }

  static HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  record Run(int code, String out, String err) {}

  static Run ctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 2];
    all[0] = "--controllers";
    all[1] = "127.0.0.1:" + runtime.httpPort();
    System.arraycopy(args, 0, all, 2, args.length);
    int code = CtlMain.run(all, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void explainsALatencyAnswerWithTheClientsLabelScopeAndEvidence() throws Exception {
    HttpResponse<String> r = get("/v1/explain?name=www.example.test&type=A&client-subnet=10.1.2.0/24");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode e = CtlMain.JSON.readTree(r.body());
    assertEquals("latency", e.path("policy").asText());
    assertEquals("latency", e.path("clientMap").asText());
    assertEquals("eu", e.path("clientLabel").asText());
    assertEquals(16, e.path("scopePrefixLength").asInt());
    assertEquals("127.0.0.2", e.path("answers").get(0).path("records").get(0).asText());
    assertEquals(1.0, e.path("answers").get(0).path("probability").asDouble());
    JsonNode eu = e.path("candidates").get(0);
    assertEquals("eu", eu.path("setIdentifier").asText());
    assertEquals("agent-1", eu.path("evidence").get(0).path("agent").asText());
    assertEquals("eu-west-1", eu.path("evidence").get(0).path("region").asText());
    assertEquals("connected in 3 ms", eu.path("evidence").get(0).path("reason").asText());
    assertTrue(e.path("rules").toString().contains("latency: client region eu: region eu"), r.body());
  }

  @Test
  void badParametersAre400WithAClearMessage() throws Exception {
    record Bad(String query, String message) {}
    for (Bad bad : List.of(
        new Bad("type=A", "name: required, e.g. name=www.example.test"),
        new Bad("name=www.example.test", "type: required, e.g. type=A"),
        new Bad("name=www.example.test&type=BOGUS", "type: 'BOGUS' is not a DNS type, e.g. A, AAAA, CNAME, MX, TXT"),
        new Bad("name=www.example.test&type=A&client-subnet=10.1.2.3/24",
            "client-subnet: '10.1.2.3/24' has host bits set (did you mean 10.1.2.0/24?)"),
        new Bad("name=www.example.test&type=A&client-subnet=nope",
            "client-subnet: 'nope' is not a CIDR block, e.g. 192.0.2.0/24 or 2001:db8::/32"))) {
      HttpResponse<String> r = get("/v1/explain?" + bad.query());
      assertEquals(400, r.statusCode(), bad.query());
      assertEquals(bad.message(), CtlMain.JSON.readTree(r.body()).path("message").asText(), bad.query());
    }
  }

  @Test
  void ctlPrintsTheWeightedOptionsWithTheirProbabilities() {
    Run run = ctl("explain", "--name", "api.example.test", "--type", "A");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("api.example.test. A  (zone example.test., weighted routing)"), run.out());
    assertTrue(run.out().contains(" 75.00%  ttl 60     127.0.0.5"), run.out());
    assertTrue(run.out().contains(" 25.00%  ttl 60     127.0.0.4"), run.out());
    assertTrue(run.out().contains("weighted: 2 healthy record set(s) with non-zero weight"), run.out());
  }

  @Test
  void ctlReportsABadSubnetInOneLineWithExit2() {
    Run run = ctl("explain", "--name", "www.example.test", "--type", "A", "--client-subnet", "x");
    assertEquals(2, run.code(), run.out());
    assertEquals("vigil ctl: client-subnet: 'x' is not a CIDR block, e.g. 192.0.2.0/24 or 2001:db8::/32 (see --help)\n",
        run.err());
  }
}
