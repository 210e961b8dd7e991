package dev.vigil.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.e2e.harness.Poll;
import dev.vigil.e2e.harness.StringMatchDeployment;
import dev.vigil.e2e.harness.VigilHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An HTTPS_STR_MATCH failover record on separate JVMs: the primary (self-signed certificate, probed by IP with
 * the FQDN as Host and SNI) keeps answering 200, but once its page loses the search string the record fails
 * over; it fails back when the string returns. Also checks Regions and the certificate expiry the controller
 * reports.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class StringMatchFailoverIT {

  /** Generous: only to end a test whose answer never comes. */
  private static final Duration NEVER = Duration.ofSeconds(30);

  @TempDir static Path work;
  private StringMatchDeployment deployment;

  @BeforeAll
  void startEverything() throws Exception {
    deployment = new StringMatchDeployment(VigilHome.locate(), work).start();
  }

  @AfterAll
  void stopEverything() throws Exception {
    if (deployment != null) {
      deployment.close();
    }
  }

  @Test
  @Order(1)
  void onlyTheCheckRegionsProbeItAndTheCertificateExpiryIsReported() throws Exception {
    String status = Poll.until("both listed regions to find the string", NEVER, deployment::checkStatus,
        body -> body.contains("\"agent\":\"agent-eu-central-1\"") && body.contains("\"agent\":\"agent-us-east-1\"")
            && body.contains("\"certificateExpiresInSeconds\"")
            && body.split("search string found", -1).length - 1 == 2);
    assertFalse(status.contains("agent-ap-northeast-1"), status);
    Matcher seconds = Pattern.compile("\"certificateExpiresInSeconds\":(\\d+)").matcher(status);
    assertTrue(seconds.find(), status);
    long left = Long.parseLong(seconds.group(1));
    long expected = Duration.ofDays(StringMatchDeployment.CERTIFICATE_DAYS).toSeconds();
    assertTrue(Math.abs(left - expected) < Duration.ofHours(2).toSeconds(), "expires in " + left + " s: " + status);
    assertTrue(status.contains("search string found"), status);
  }

  @Test
  @Order(2)
  void failsOverWhenThePrimaryPageLosesTheSearchString() throws Exception {
    deployment.awaitAnswer(NEVER, StringMatchDeployment.PRIMARY_IP);
    long changedAt = System.nanoTime();
    deployment.primary().setBody("<html>under maintenance</html>");
    deployment.awaitAnswer(NEVER, StringMatchDeployment.SECONDARY_IP);
    System.out.println("string-match failover took "
        + Duration.ofNanos(System.nanoTime() - changedAt).toMillis() + " ms");
    String status = deployment.checkStatus();
    assertTrue(status.contains("search string not in the first 5120 bytes"), status);
  }

  @Test
  @Order(3)
  void failsBackWhenTheSearchStringReturns() throws Exception {
    deployment.primary().setBody("<html>" + StringMatchDeployment.SEARCH_STRING + "</html>");
    deployment.awaitAnswer(NEVER, StringMatchDeployment.PRIMARY_IP);
  }
}
