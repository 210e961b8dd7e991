package dev.vigil.controller.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.controller.Await;
import dev.vigil.controller.ControllerRuntime;
import dev.vigil.controller.FreePorts;
import dev.vigil.controller.cluster.RaftMember;
import dev.vigil.controller.net.HostPort;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Route 53-style API on a three-member group in one JVM: followers forward writes through the log, every
 * member answers the same, and concurrent batches sent to different members all commit (each is recomputed on
 * the state another one changed).
 */
@Timeout(180)
class Route53FollowerTest {

  @TempDir static Path dir;
  static final List<ControllerRuntime> members = new ArrayList<>();
  static final HttpClient http = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    List<RaftMember> peers = List.of(new RaftMember("c1", "127.0.0.1:" + FreePorts.next()),
        new RaftMember("c2", "127.0.0.1:" + FreePorts.next()), new RaftMember("c3", "127.0.0.1:" + FreePorts.next()));
    for (RaftMember peer : peers) {
      members.add(ControllerRuntime.start(new ControllerRuntime.Settings(peer.id(), peers, dir.resolve(peer.id()),
          HostPort.parse("127.0.0.1:0"), HostPort.parse("127.0.0.1:0"), false), Clock.systemUTC()));
    }
    for (ControllerRuntime m : members) {
      assertTrue(m.raft().awaitLeader(Duration.ofSeconds(60)));
      m.configApplied();
    }
  }

  @AfterAll
  static void stop() {
    members.forEach(ControllerRuntime::close);
  }

  static ControllerRuntime follower(int n) {
    return members.stream().filter(m -> !m.raft().isLeader()).skip(n).findFirst().orElseThrow();
  }

  static HttpResponse<String> send(ControllerRuntime m, String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.httpPort() + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void followersForwardWritesAndConcurrentBatchesAllCommit() throws Exception {
    ControllerRuntime first = follower(0);
    HttpResponse<String> created = send(first, "POST", "/v1/hostedzone",
        "{\"Name\": \"cluster.test\", \"CallerReference\": \"z\"}");
    assertEquals(201, created.statusCode(), created.body());
    String id = JSON.readTree(created.body()).path("HostedZone").path("Id").asText();
    for (ControllerRuntime m : members) { // linearizable reads: every member knows it at once
      HttpResponse<String> got = send(m, "GET", "/v1/hostedzone/cluster.test", null);
      assertEquals(200, got.statusCode(), got.body());
      assertEquals(id, JSON.readTree(got.body()).path("HostedZone").path("Id").asText());
    }

    int batches = 6;
    try (ExecutorService pool = Executors.newFixedThreadPool(batches)) {
      List<Future<HttpResponse<String>>> replies = new ArrayList<>();
      for (int i = 0; i < batches; i++) {
        ControllerRuntime target = members.get(i % members.size());
        String batch = "{\"ChangeBatch\": {\"Changes\": [{\"Action\": \"CREATE\", \"ResourceRecordSet\": "
            + "{\"Name\": \"h" + i + ".cluster.test.\", \"Type\": \"A\", \"TTL\": 60, "
            + "\"ResourceRecords\": [{\"Value\": \"127.0.0." + (i + 1) + "\"}]}}]}}";
        replies.add(pool.submit((Callable<HttpResponse<String>>) () ->
            send(target, "POST", "/v1/hostedzone/cluster.test./rrset", batch)));
      }
      for (Future<HttpResponse<String>> reply : replies) {
        HttpResponse<String> r = reply.get();
        assertEquals(200, r.statusCode(), r.body());
      }
    }
    for (ControllerRuntime m : members) {
      Await.until(() -> m.state().current().desired().hostedZone("cluster.test.").orElseThrow().recordSets().size()
          == batches, "all " + batches + " record sets on every member", Duration.ofSeconds(30));
    }
    JsonNode sets = JSON.readTree(send(follower(1), "GET", "/v1/hostedzone/" + id.substring(12) + "/rrset", null).body());
    assertEquals(batches + 2, sets.path("ResourceRecordSets").size(), sets.toString());
    assertEquals(members.get(0).state().current().desired(), members.get(2).state().current().desired());
    String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + first.httpPort() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    assertTrue(metrics.contains("vigil_controller_api_changes_total{outcome=\"committed\"}"), metrics);
  }
}
