package dev.vigil.controller.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.ReadyController;
import dev.vigil.controller.ControllerRuntime;
import dev.vigil.controller.FreePorts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(120)
class CtlMainTest {

  @TempDir static Path dir;
  static ControllerRuntime runtime;
  static String dead;
  static String live;

  /** What one run printed and returned. */
  record Run(int code, String out, String err) {}

  static Run ctl(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CtlMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  @BeforeAll
  static void start() throws Exception {
    runtime = ReadyController.start(dir.resolve("c1"));
    dead = "127.0.0.1:" + FreePorts.next();
    live = "127.0.0.1:" + runtime.httpPort();
  }

  @AfterAll
  static void stop() {
    if (runtime != null) {
      runtime.close();
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      apply x.yaml                                  | vigil ctl: Missing required option: '--controllers=HOST:PORT[,HOST:PORT...]' (see --help)
      --controllers 127.0.0.1:1 --frob status       | vigil ctl: unknown option '--frob' (see --help)
      --controllers 127.0.0.1:1                     | vigil ctl: missing command: apply FILE, status, members or an `aws route53` verb (see --help)
      --controllers nope status                     | vigil ctl: --controllers: 'nope' is not HOST:PORT (see --help)
      --controllers 127.0.0.1:1 apply               | vigil ctl: Missing required parameter: 'FILE' (see --help)
      --controllers 127.0.0.1:1 apply /no/such.yaml | vigil ctl: /no/such.yaml: no such file (see --help)
      """)
  void usageErrorsPrintOneLineAndExitTwo(String args, String expected) {
    Run run = ctl(args.split(" "));
    assertEquals(2, run.code(), run.err());
    assertEquals(expected + System.lineSeparator(), run.err());
  }

  @Test
  void appliesThroughTheNextControllerWhenTheFirstIsDownAndShowsTheDifference() throws Exception {
    Path file = dir.resolve("zones.yaml");
    Files.writeString(file, """
        HealthChecks:
          - {Id: web, HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.2, RequestInterval: 1}}
        HostedZones:
          - Name: ctl.test.
            ResourceRecordSets:
              - {Name: www, Type: A, TTL: 5, SetIdentifier: p, Failover: PRIMARY, HealthCheckId: web,
                 ResourceRecords: [{Value: 127.0.0.2}]}
        """);
    Run dry = ctl("--controllers", dead + "," + live, "apply", "--dry-run", file.toString());
    assertEquals(0, dry.code(), dry.err());
    assertTrue(dry.out().contains("dry run of"), dry.out());
    assertTrue(dry.out().contains("  + HealthCheck web"), dry.out());

    Run applied = ctl("--controllers", dead + "," + live, "apply", file.toString());
    assertEquals(0, applied.code(), applied.err());
    assertTrue(applied.out().startsWith("applied " + file + ": config version "), applied.out());
    assertTrue(applied.out().contains("  + ResourceRecordSet ctl.test./www.ctl.test. A p"), applied.out());
    assertEquals("ctl.test.", runtime.state().current().desired().hostedZones().get(0).name());

    Run again = ctl("--controllers", live, "apply", file.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.out().contains("no change"), again.out());
  }

  @Test
  void aRefusedConfigListsEveryProblemAndExitsOne() throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, """
        HealthChecks:
          - {Id: web, HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.2, FailureThreshold: 0, Colour: red}}
        """);
    Run run = ctl("--controllers", live, "apply", file.toString());
    assertEquals(1, run.code());
    assertTrue(run.err().startsWith(file + ": 2 problems"), run.err());
    assertTrue(run.err().contains("  HealthChecks[0].HealthCheckConfig.Colour: unknown field"), run.err());
    assertTrue(run.err().contains("  HealthChecks[0].HealthCheckConfig.FailureThreshold: must be 1-10, got 0"), run.err());
  }

  @Test
  void statusShowsTheLeaderAndEveryMember() {
    Run run = ctl("--controllers", dead + "," + live, "status");
    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().startsWith("leader c1, term "), run.out());
    assertTrue(run.out().lines().anyMatch(l -> l.startsWith("c1 ") && l.contains("LEADER")), run.out());
  }

  @Test
  void noReachableControllerIsOneLineAndExitOne() {
    Run run = ctl("--controllers", dead, "status");
    assertEquals(1, run.code());
    assertTrue(run.err().startsWith("vigil ctl: no controller answered /v1/cluster (" + dead + ": "), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
  }
}
