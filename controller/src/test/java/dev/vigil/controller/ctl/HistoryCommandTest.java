package dev.vigil.controller.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.ReadyController;
import dev.vigil.controller.Await;
import dev.vigil.controller.ControllerRuntime;
import dev.vigil.controller.health.ProbeObservation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil ctl history} against one real controller. */
@Timeout(120)
class HistoryCommandTest {

  @TempDir static Path dir;
  static ControllerRuntime runtime;
  static String live;

  @BeforeAll
  static void start() throws Exception {
    runtime = ReadyController.start(dir.resolve("c1"));
    live = "127.0.0.1:" + runtime.httpPort();
    Path config = Files.writeString(dir.resolve("zones.yaml"), """
        HealthChecks:
          - Id: web
            HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.2, RequestInterval: 1, FailureThreshold: 1}
        HostedZones:
          - Name: example.test.
            ResourceRecordSets:
              - {Name: www, Type: A, TTL: 5, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: web,
                 ResourceRecords: [{Value: 127.0.0.2}]}
              - {Name: www, Type: A, TTL: 5, SetIdentifier: s, Failover: SECONDARY,
                 ResourceRecords: [{Value: 127.0.0.3}]}
        """);
    assertEquals(0, CtlMainTest.ctl("--controllers", live, "apply", config.toString()).code());
    runtime.monitor().observe(List.of(new ProbeObservation("a1", "eu", "web", Instant.now(), false, "HTTP 503")));
    Await.until(() -> !runtime.state().current().isHealthy("web"), "web unhealthy", Duration.ofSeconds(30));
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @Test
  void printsOneLinePerEntryOldestFirst() {
    CtlMainTest.Run run = CtlMainTest.ctl("--controllers", live, "history", "--health-check-id", "web");
    assertEquals(0, run.code(), run.err());
    List<String> lines = run.out().lines().toList();
    assertEquals("2 of 2 matching entries", lines.get(0).substring(0, "2 of 2 matching entries".length()), run.out());
    assertTrue(lines.get(1).contains("HEALTH check web: healthy -> unhealthy  (0 of 1 agent healthy (0% <= 18%))"),
        run.out());
    assertTrue(lines.get(2).contains("ANSWER www.example.test. A: TTL 5: 127.0.0.2 -> TTL 5: 127.0.0.3  (health: "
        + "web unhealthy)"), run.out());
  }

  @Test
  void filtersByNameAndLimitAndPrintsJson() {
    CtlMainTest.Run run = CtlMainTest.ctl("--controllers", live, "history", "--name", "www.example.test",
        "--limit", "1", "--output", "json");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("\"matched\":2"), run.out());
    assertTrue(run.out().contains("\"after\":\"TTL 5: 127.0.0.3\""), run.out());
  }

  @Test
  void aBadParameterIsOneLineAndExitTwo() {
    CtlMainTest.Run bad = CtlMainTest.ctl("--controllers", live, "history", "--since", "yesterday");
    assertEquals(2, bad.code());
    assertEquals("vigil ctl: " + live + " answered 400: since: must be an ISO-8601 UTC time such as "
        + "2026-01-31T08:00:00Z, got 'yesterday'", bad.err().strip());
    CtlMainTest.Run output = CtlMainTest.ctl("--controllers", live, "history", "--output", "yaml");
    assertEquals(2, output.code());
    assertEquals("vigil ctl: --output: must be text or json, got 'yaml' (see --help)", output.err().strip());
  }
}
