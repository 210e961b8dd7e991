package dev.vigil.controller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(30)
class ControllerMainTest {

  @TempDir Path dir;

  record Outcome(int code, String out, String err) {}

  static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = ControllerMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Outcome(code, out.toString(), err.toString());
  }

  static Stream<Arguments> badArguments() {
    return Stream.of(
        Arguments.of(List.of("--foo"), "vigil controller: unknown option '--foo' (see --help)"),
        Arguments.of(List.of("--grpc", "nope"), "vigil controller: --grpc: 'nope' is not HOST:PORT (see --help)"),
        Arguments.of(List.of("--http", "127.0.0.1:99999"),
            "vigil controller: --http: '127.0.0.1:99999': port must be 0-65535 (see --help)"),
        Arguments.of(List.of("--peers", "c1=127.0.0.1:1,c2"),
            "vigil controller: --peers: 'c2' is not ID=HOST:PORT (see --help)"),
        Arguments.of(List.of("--id", "c9", "--peers", "c1=127.0.0.1:1"),
            "vigil controller: --peers: does not name this controller's --id 'c9' (see --help)"),
        Arguments.of(List.of("--history-max-age", "7x"),
            "vigil controller: --history-max-age: '7x' is not a duration such as 90s, 15m, 36h or 7d (see --help)"),
        Arguments.of(List.of("--history-entries", "-1"),
            "vigil controller: --history-entries: must be at least 0, got -1 (see --help)"),
        Arguments.of(List.of("--confirm-probes", "maybe"),
            "vigil controller: --confirm-probes: 'maybe' is not on or off (see --help)"),
        Arguments.of(List.of("--config"), null));
  }

  @ParameterizedTest
  @MethodSource("badArguments")
  void badArgumentsExitTwoWithOneLine(List<String> args, String expected) {
    Outcome o = run(args.toArray(String[]::new));

    assertEquals(2, o.code());
    assertEquals(1, o.err().lines().count(), o.err());
    if (expected != null) {
      assertEquals(expected, o.err().strip());
    } else {
      assertTrue(o.err().startsWith("vigil controller: "), o.err());
    }
  }

  @Test
  void helpListsFlags() {
    Outcome o = run("--help");

    assertEquals(0, o.code());
    for (String flag : List.of("--config", "--grpc", "--http", "--raft", "--id", "--peers", "--data",
        "--confirm-probes")) {
      assertTrue(o.out().contains(flag), flag);
    }
  }

  @Test
  void invalidConfigExitsTwoListingEveryProblemBeforeStartingAnything() throws Exception {
    Path config = dir.resolve("bad.yaml");
    Files.writeString(config, """
        HealthChecks:
          - Id: web
            HealthCheckConfig:
              Type: GOPHER
              IPAddress: 127.0.0.2
              Port: 8080
        HostedZones:
          - Name: example.test.
            ResourceRecordSets:
              - Name: www.example.test.
                Type: A
                TTL: 60
                ResourceRecords:
                  - Value: not-an-address
        """);

    Outcome o = run("--config", config.toString(), "--data", dir.resolve("data").toString());

    assertEquals(2, o.code());
    List<String> lines = o.err().lines().toList();
    assertTrue(lines.get(0).startsWith(config.toString()), o.err());
    assertTrue(lines.stream().anyMatch(l -> l.strip().startsWith("HealthChecks[0]")), o.err());
    assertTrue(lines.stream().anyMatch(l -> l.strip().startsWith("HostedZones[0]")), o.err());
    assertTrue(Files.notExists(dir.resolve("data")), "nothing was started");
  }

  @Test
  void missingConfigFileExitsTwo() {
    Outcome o = run("--config", dir.resolve("absent.yaml").toString(), "--data", dir.resolve("data").toString());

    assertEquals(2, o.code());
    assertTrue(o.err().contains("absent.yaml"), o.err());
  }
}
