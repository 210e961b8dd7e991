package dev.vigil.controller.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.controller.ReadyController;
import dev.vigil.controller.ControllerRuntime;
import dev.vigil.controller.FreePorts;
import dev.vigil.controller.cluster.RaftMember;
import dev.vigil.controller.net.HostPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Zone ids, CallerReferences, versions and change records survive a restart, from the log and from snapshots. */
@Timeout(180)
class Route53RestartTest {

  @TempDir Path dir;
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  ControllerRuntime start(List<RaftMember> members) throws Exception {
    // A snapshot every 4 entries: the restart loads one and replays the rest of the log.
    var settings = new ControllerRuntime.Settings("c1", members, dir, HostPort.parse("127.0.0.1:0"),
        HostPort.parse("127.0.0.1:0"), false, 4);
    ControllerRuntime runtime = ReadyController.start(settings);
    return runtime;
  }

  static JsonNode send(ControllerRuntime m, String method, String path, String body, int status) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.httpPort() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(status, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  @Test
  void apiMetadataSurvivesARestart() throws Exception {
    List<RaftMember> members = List.of(new RaftMember("c1", "127.0.0.1:" + FreePorts.next()));
    String zoneId;
    String checkId;
    String changeId;
    try (ControllerRuntime first = start(members)) {
      zoneId = send(first, "POST", "/v1/hostedzone", "{\"Name\": \"keep.test\", \"CallerReference\": \"z\"}", 201)
          .path("HostedZone").path("Id").asText();
      checkId = send(first, "POST", "/v1/healthcheck", """
          {"CallerReference": "h", "HealthCheckConfig": {"Type": "TCP", "IPAddress": "127.0.0.2", "Port": 22}}""", 201)
          .path("HealthCheck").path("Id").asText();
      send(first, "POST", "/v1/healthcheck/" + checkId, "{\"HealthCheckVersion\": 1, \"Port\": 23}", 200);
      changeId = send(first, "POST", "/v1/hostedzone/keep.test/rrset", """
          {"ChangeBatch": {"Comment": "kept", "Changes": [{"Action": "CREATE", "ResourceRecordSet":
            {"Name": "a.keep.test", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "127.0.0.5"}]}}]}}""", 200)
          .path("ChangeInfo").path("Id").asText();
      for (int i = 0; i < 4; i++) { // more entries, so that a snapshot covers the changes above
        send(first, "GET", "/v1/hostedzone", null, 200);
      }
    }
    try (Stream<Path> files = Files.walk(dir)) {
      assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("snapshot.")), "a snapshot was taken");
    }
    try (ControllerRuntime second = start(members)) {
      JsonNode zone = send(second, "GET", "/v1/hostedzone/keep.test.", null, 200).path("HostedZone");
      assertEquals(zoneId, zone.path("Id").asText());
      assertEquals("z", zone.path("CallerReference").asText());
      JsonNode check = send(second, "GET", "/v1/healthcheck/" + checkId, null, 200).path("HealthCheck");
      assertEquals("h", check.path("CallerReference").asText());
      assertEquals(2, check.path("HealthCheckVersion").asLong());
      JsonNode change = send(second, "GET", "/v1" + changeId, null, 200).path("ChangeInfo");
      assertEquals("kept", change.path("Comment").asText());
      send(second, "POST", "/v1/hostedzone", "{\"Name\": \"keep.test\", \"CallerReference\": \"z\"}", 200);
    }
  }
}
