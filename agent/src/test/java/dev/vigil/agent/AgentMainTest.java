package dev.vigil.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class AgentMainTest {

  private record Outcome(int code, String out, String err) {}

  private static Outcome run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = AgentMain.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Outcome(code, out.toString(), err.toString());
  }

  static Stream<Arguments> badUsage() {
    return Stream.of(
        Arguments.of(new String[] {"--region", "eu-1", "--controllers", "127.0.0.1:7000", "--foo"},
            "vigil agent: unknown option '--foo' (see --help)"),
        Arguments.of(new String[] {"--foo"}, "vigil agent: unknown option '--foo' (see --help)"),
        Arguments.of(new String[] {"--controllers", "127.0.0.1:7000"},
            "vigil agent: missing required option '--region' (see --help)"),
        Arguments.of(new String[] {"--region", "EU_1", "--controllers", "127.0.0.1:7000"},
            "vigil agent: --region: 'EU_1' must match [a-z0-9-]+ (see --help)"),
        Arguments.of(new String[] {"--region", "eu-1", "--controllers", "127.0.0.1:7000,nope"},
            "vigil agent: --controllers: 'nope' is not HOST:PORT (see --help)"),
        Arguments.of(new String[] {"--region", "eu-1", "--controllers", "127.0.0.1:7000", "--buffer", "0"},
            "vigil agent: --buffer: must be at least 1, got 0 (see --help)"),
        Arguments.of(new String[] {"--region", "eu-1", "--controllers", "127.0.0.1:7000", "--canary", "ftp://x/"},
            "vigil agent: --canary: 'ftp://x/' is not an http:// or https:// URL (see --help)"),
        Arguments.of(new String[] {"--region", "eu-1", "--controllers", "127.0.0.1:7000", "--max-inflight", "0"},
            "vigil agent: --max-inflight: must be at least 1, got 0 (see --help)"),
        Arguments.of(new String[] {"--region", "eu-1", "--controllers", "127.0.0.1:7000", "--canary-interval", "0"},
            "vigil agent: --canary-interval: must be at least 1, got 0 (see --help)"),
        Arguments.of(new String[] {"--region", "eu-1", "--controllers", "127.0.0.1:7000", "--http", "x:99999"},
            "vigil agent: --http: 'x:99999' is not HOST:PORT (see --help)"));
  }

  @ParameterizedTest
  @MethodSource("badUsage")
  void badUsageExitsTwoWithOneLine(String[] args, String line) {
    Outcome o = run(args);
    assertEquals(2, o.code());
    assertEquals(line + System.lineSeparator(), o.err());
    assertEquals("", o.out());
  }

  @Test
  void helpListsEveryFlag() {
    Outcome o = run("--help");
    assertEquals(0, o.code());
    for (String flag : new String[] {"--region", "--controllers", "--id", "--http", "--buffer", "--canary",
        "--canary-interval", "--max-inflight"}) {
      assertTrue(o.out().contains(flag), flag);
    }
  }

  @Test
  void defaultIdIsHostnameDashRegion() {
    assertTrue(AgentMain.defaultId("eu-1").endsWith("-eu-1"));
  }
}
