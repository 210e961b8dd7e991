package dev.vigil.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.e2e.harness.FailoverDeployment;
import dev.vigil.e2e.harness.HttpGet;
import dev.vigil.e2e.harness.Poll;
import dev.vigil.e2e.harness.VigilHome;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Confirm probes on real processes: one controller, three agents probing every 10 s at their own phases, Route
 * 53's 18 % rule (every agent must see the endpoint down). The primary is stopped just before the slot of the
 * agent followed by the longest gap between the agents' slots. Without confirm probes the check cannot fail over
 * before every agent's next regular slot; with them it must, and the controller must have asked for and received
 * out-of-schedule results.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConfirmProbeIT {

  private static final int INTERVAL_SECONDS = 10;
  private static final long INTERVAL_MS = INTERVAL_SECONDS * 1000L;
  private static final String CHECK = "web-primary";
  private static final Duration NEVER = Duration.ofSeconds(60);
  private static final Pattern AGENT_RESULT = Pattern.compile(
      "\"agent\":\"([^\"]+)\"[^{}]*\"lastResult\":\\{\"healthy\":(true|false),\"detail\":\"[^\"]*\","
          + "\"observedAt\":\"([^\"]+)\"");
  private static final Pattern SINCE = Pattern.compile("\"healthy\":false,\"since\":\"([^\"]+)\"");

  @TempDir static Path work;
  private FailoverDeployment deployment;

  @BeforeAll
  void startEverything() throws Exception {
    deployment = new FailoverDeployment(VigilHome.locate(), new FailoverDeployment.Options(
        work, INTERVAL_SECONDS, 1, List.of(new InetSocketAddress("127.0.0.1", 0))));
    deployment.start();
  }

  @AfterAll
  void stopEverything() throws Exception {
    if (deployment != null) {
      deployment.close();
    }
  }

  @Test
  void theOtherAgentsConfirmAFailureBeforeTheirOwnSlots() throws Exception {
    // Each agent's phase, from its regular (healthy) results: its slots are observedAt + k × interval.
    Map<String, Long> phase = Poll.until("a healthy result from every agent", NEVER, this::healthyPhases,
        p -> p.size() == FailoverDeployment.REGIONS.size());

    // The agent followed by the longest gap: stop the primary 300 ms before its next slot.
    String first = null;
    long gap = -1;
    for (String agent : phase.keySet()) {
      long toNextOther = phase.entrySet().stream().filter(e -> !e.getKey().equals(agent))
          .mapToLong(e -> Math.floorMod(e.getValue() - phase.get(agent), INTERVAL_MS)).min().orElseThrow();
      if (toNextOther > gap) {
        gap = toNextOther;
        first = agent;
      }
    }
    long firstSlot = nextSlot(phase.get(first), System.currentTimeMillis() + 1_000);
    LockSupport.parkUntil(firstSlot - 300); // places the fault; nothing is awaited this way
    long stoppedAt = System.currentTimeMillis();
    deployment.primary().stop();

    deployment.awaitAnswer(deployment.dnsNodes().get(0), NEVER, FailoverDeployment.SECONDARY_IP);
    String status = HttpGet.get(deployment.controllerHttp(), "/v1/health-checks/" + CHECK + "/status").body();
    Matcher since = SINCE.matcher(status);
    assertTrue(since.find(), status);
    long decidedAt = Instant.parse(since.group(1)).toEpochMilli();

    // Without out-of-schedule probes, the 18 % rule cannot decide before every agent's first regular slot after
    // the stop: the last of them comes at least the longest gap (>= interval / 3) after the first agent's slot.
    long lastRegularFailure = phase.values().stream().mapToLong(p -> nextSlot(p, stoppedAt)).max().orElseThrow();
    System.out.printf("confirm probes: primary stopped %d ms before %s's slot; decided %d ms after that slot; "
            + "without confirm probes not before %d ms after it%n",
        firstSlot - stoppedAt, first, decidedAt - firstSlot, lastRegularFailure - firstSlot);
    assertTrue(decidedAt < lastRegularFailure, "decided at " + decidedAt + ", not before the last agent's first "
        + "regular slot after the stop (" + lastRegularFailure + "): the other agents did not probe when asked. "
        + "Status: " + status);

    String metrics = HttpGet.get(deployment.controllerHttp(), "/metrics").body();
    assertTrue(counter(metrics, "vigil_controller_confirm_probes_requested_total") >= 2, metrics);
    assertTrue(counter(metrics, "vigil_controller_confirm_probes_results_total") >= 2, metrics);
  }

  /** agent → its slot phase (epoch ms mod interval), for agents whose latest result is healthy. */
  private Map<String, Long> healthyPhases() throws Exception {
    String status = HttpGet.get(deployment.controllerHttp(), "/v1/health-checks/" + CHECK + "/status").body();
    Map<String, Long> phases = new HashMap<>();
    Matcher m = AGENT_RESULT.matcher(status);
    while (m.find()) {
      if (m.group(2).equals("true")) {
        phases.put(m.group(1), Math.floorMod(Instant.parse(m.group(3)).toEpochMilli(), INTERVAL_MS));
      }
    }
    return phases;
  }

  /** The first slot at or after {@code t} of an agent with this phase. */
  private static long nextSlot(long phase, long t) {
    long k = Math.floorDiv(t - phase + INTERVAL_MS - 1, INTERVAL_MS);
    return k * INTERVAL_MS + phase;
  }

  private static double counter(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(?:\\{[^}]*\\})? ([0-9.Ee+-]+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }
}
