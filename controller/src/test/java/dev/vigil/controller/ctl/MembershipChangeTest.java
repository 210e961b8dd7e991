package dev.vigil.controller.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.Await;
import dev.vigil.controller.ControllerRuntime;
import dev.vigil.controller.FreePorts;
import dev.vigil.controller.cluster.RaftMember;
import dev.vigil.controller.net.HostPort;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ratis membership change through the admin API and {@code vigil ctl members}, on real controllers in one JVM:
 * a member started with --join is added and catches up, the leader is removed and the rest go on committing.
 */
@Timeout(180)
class MembershipChangeTest {

  static final Duration WAIT = Duration.ofSeconds(40);
  static final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path dir;
  final List<ControllerRuntime> started = new ArrayList<>();

  static final String CONFIG = """
      HostedZones:
        - Name: example.test.
          ResourceRecordSets:
            - {Name: www, Type: A, TTL: 5, ResourceRecords: [{Value: 192.0.2.%d}]}
      """;

  @AfterEach
  void stop() {
    started.forEach(ControllerRuntime::close);
  }

  ControllerRuntime start(String id, List<RaftMember> members, boolean join) throws Exception {
    var settings = new ControllerRuntime.Settings(id, members, dir.resolve(id), HostPort.parse("127.0.0.1:0"),
        HostPort.parse("127.0.0.1:0"), false, 10_000, join);
    ControllerRuntime runtime = ControllerRuntime.start(settings, Clock.systemUTC());
    started.add(runtime);
    return runtime;
  }

  static RaftMember member(String id) {
    return new RaftMember(id, "127.0.0.1:" + FreePorts.next());
  }

  @Test
  void aJoiningMemberIsAddedCatchesUpAndTheLeaderCanBeRemoved() throws Exception {
    RaftMember m1 = member("c1");
    RaftMember m2 = member("c2");
    RaftMember m3 = member("c3");
    ControllerRuntime c1 = start("c1", List.of(m1), false);
    assertTrue(c1.raft().awaitLeader(WAIT));
    assertEquals(200, post(c1, "/v1/config", CONFIG.formatted(1), "application/yaml").statusCode());

    ControllerRuntime c2 = start("c2", List.of(m1, m2), true);
    HttpResponse<String> added = post(c1, "/v1/cluster/members",
        "{\"id\": \"c2\", \"address\": \"" + m2.address() + "\"}", "application/json");
    assertEquals(200, added.statusCode(), added.body());
    assertTrue(added.body().contains("{\"id\":\"c2\",\"address\":\"" + m2.address() + "\"}"), added.body());
    Await.until(() -> c2.state().current().desired().equals(c1.state().current().desired()),
        "c2 caught up with c1's config", WAIT);
    assertEquals(List.of(m1, m2), c2.raft().members());

    // Refusals, each with a clear message and nothing changed.
    HttpResponse<String> malformed = post(c2, "/v1/cluster/members", "{\"id\": ", "application/json");
    assertEquals(400, malformed.statusCode(), malformed.body());
    assertTrue(malformed.body().contains("body is not JSON"), malformed.body());
    HttpResponse<String> badAddress = post(c2, "/v1/cluster/members", "{\"id\": \"c9\", \"address\": \"x\"}",
        "application/json");
    assertEquals(400, badAddress.statusCode(), badAddress.body());
    assertTrue(badAddress.body().contains("address:"), badAddress.body());
    HttpResponse<String> again = post(c2, "/v1/cluster/members",
        "{\"id\": \"c2\", \"address\": \"" + m2.address() + "\"}", "application/json");
    assertEquals(409, again.statusCode(), again.body());
    assertEquals(404, delete(c2, "/v1/cluster/members/nope").statusCode());
    assertEquals(List.of(m1, m2), c1.raft().members());

    // Through the CLI, asking the follower: c3 joins.
    ControllerRuntime c3 = start("c3", List.of(m1, m2, m3), true);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CtlMain.run(new String[] {"--controllers", "127.0.0.1:" + c2.httpPort(), "members", "add",
        "c3=" + m3.address()}, new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().contains("c3           " + m3.address()), out.toString());
    Await.until(() -> c3.state().current().desired().equals(c1.state().current().desired()),
        "c3 caught up", WAIT);

    // Remove the leader; the other two elect a new one and keep committing.
    String leader = c1.raft().leaderId().orElseThrow();
    ControllerRuntime leaderRuntime = byId(leader, c1, c2, c3);
    out.getBuffer().setLength(0);
    code = CtlMain.run(new String[] {"--controllers", "127.0.0.1:" + c3.httpPort() + ",127.0.0.1:" + c2.httpPort(),
        "members", "remove", leader}, new PrintWriter(out, true), new PrintWriter(err, true));
    assertEquals(0, code, err.toString());
    assertTrue(!out.toString().contains(leader + " "), out.toString());
    List<ControllerRuntime> rest = new ArrayList<>(List.of(c1, c2, c3));
    rest.remove(leaderRuntime);
    started.remove(leaderRuntime);
    leaderRuntime.close();
    Await.until(() -> newLeader(rest, leader).isPresent(), "a leader among the remaining two", WAIT);
    ControllerRuntime other = rest.get(1);
    HttpResponse<String> applied = post(other, "/v1/config", CONFIG.formatted(2), "application/yaml");
    assertEquals(200, applied.statusCode(), applied.body());
    Await.until(() -> rest.stream().allMatch(r -> r.state().current().desired()
        .equals(other.state().current().desired())), "both remaining members applied the change", WAIT);
    assertEquals(2, rest.get(0).raft().members().size());
  }

  static Optional<String> newLeader(List<ControllerRuntime> runtimes, String old) {
    return runtimes.stream().map(r -> r.raft().leaderId()).flatMap(Optional::stream)
        .filter(id -> !id.equals(old)).findFirst();
  }

  static ControllerRuntime byId(String id, ControllerRuntime... runtimes) {
    for (ControllerRuntime r : runtimes) {
      if (r.raft().selfId().equals(id)) {
        return r;
      }
    }
    throw new AssertionError("no runtime " + id);
  }

  static HttpResponse<String> post(ControllerRuntime r, String path, String body, String type) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.httpPort() + path))
        .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> delete(ControllerRuntime r, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.httpPort() + path)).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
