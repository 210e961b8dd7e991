package dev.vigil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.e2e.harness.CalculatedDeployment;
import dev.vigil.e2e.harness.HttpGet;
import dev.vigil.e2e.harness.Poll;
import dev.vigil.e2e.harness.VigilHome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
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
 * A CALCULATED check (app AND db) drives a failover record on separate JVMs: the primary's own endpoint stays up,
 * but when its dependency goes down the record fails over, and it fails back when the dependency returns. The
 * controller's history shows the chain: db's transition, the calculated check's, the answer change.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class CalculatedFailoverIT {

  /** Generous: only to end a test whose answer never comes. */
  private static final Duration NEVER = Duration.ofSeconds(30);

  @TempDir static Path work;
  private CalculatedDeployment deployment;

  @BeforeAll
  void startEverything() throws Exception {
    deployment = new CalculatedDeployment(VigilHome.locate(), work).start();
  }

  @AfterAll
  void stopEverything() throws Exception {
    if (deployment != null) {
      deployment.close();
    }
  }

  @Test
  @Order(1)
  void failsOverWhenADependencyOfTheCalculatedCheckGoesDown() throws Exception {
    deployment.db().stop();
    deployment.awaitAnswer(NEVER, CalculatedDeployment.SECONDARY_IP);
    HttpGet.Response status = deployment.get("/v1/health-checks/site/status");
    assertEquals(200, status.status(), status.body());
    assertTrue(status.body().contains("\"healthy\":false"), status.body());
    assertTrue(status.body().contains("1 of 2 children healthy (< HealthThreshold 2)"), status.body());
  }

  @Test
  @Order(2)
  void theHistoryShowsTheDependencyTheCalculatedCheckAndTheAnswer() throws Exception {
    String body = Poll.until("history of db", NEVER, () -> deployment.get("/v1/history?check=db").body(),
        b -> b.contains("\"kind\":\"ANSWER\""));
    int db = body.indexOf("\"checkId\":\"db\"");
    int site = body.indexOf("\"checkId\":\"site\"");
    int answer = body.indexOf("\"after\":\"TTL 5: " + CalculatedDeployment.SECONDARY_IP + "\"");
    assertTrue(db >= 0 && site > db && answer > site, body);
    assertTrue(body.contains("\"cause\":\"health: db unhealthy, site unhealthy\""), body);
  }

  @Test
  @Order(3)
  void failsBackWhenTheDependencyReturns() throws Exception {
    deployment.db().start();
    deployment.awaitAnswer(NEVER, CalculatedDeployment.PRIMARY_IP);
  }
}
