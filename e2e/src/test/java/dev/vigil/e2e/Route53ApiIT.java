package dev.vigil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.e2e.harness.FailoverDeployment;
import dev.vigil.e2e.harness.FailoverDeployment.DnsNode;
import dev.vigil.e2e.harness.Poll;
import dev.vigil.e2e.harness.VigilHome;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Type;

/**
 * GetChange through real dns-nodes: a change batch is PENDING until both dns-nodes acknowledged an answers version
 * that holds it, and once INSYNC both answer it (without waiting any further).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class Route53ApiIT {

  static final Duration BOUND = Duration.ofSeconds(30);
  static final Pattern DNS_NODE = Pattern.compile("\"status\":\"(INSYNC|PENDING)\"");
  static final Pattern STATUS = Pattern.compile("\"Status\":\"(PENDING|INSYNC)\"");
  static final Pattern CHANGE_ID = Pattern.compile("\"Id\":\"(/change/C[A-Z2-7]+)\"");
  static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  @TempDir static Path work;
  private FailoverDeployment deployment;

  @BeforeAll
  void startEverything() throws Exception {
    InetSocketAddress anyPort = new InetSocketAddress("127.0.0.1", 0);
    deployment = new FailoverDeployment(VigilHome.locate(), new FailoverDeployment.Options(
        work, 1, 1, List.of(anyPort, anyPort)));
    deployment.start();
  }

  @AfterAll
  void stopEverything() throws Exception {
    if (deployment != null) {
      deployment.close();
    }
  }

  HttpResponse<String> send(String method, String path, String body) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://" + deployment.controllerHttp() + path))
        .timeout(BOUND).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String group(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertTrue(m.find(), pattern + " in " + text);
    return m.group(1);
  }

  @Test
  void aChangeIsInsyncOnlyOnceEveryDnsNodeServesIt() throws Exception {
    // Both dns-nodes have acknowledged to this controller, so INSYNC below is not vacuous.
    Poll.until("both dns-nodes acknowledged", BOUND, () -> send("GET", "/v1/state", null).body(),
        body -> DNS_NODE.matcher(body).results().count() == 2);

    HttpResponse<String> change = send("POST", "/v1/hostedzone/example.test/rrset", """
        {"ChangeBatch": {"Comment": "e2e", "Changes": [{"Action": "UPSERT", "ResourceRecordSet":
          {"Name": "api.example.test.", "Type": "A", "TTL": 5, "ResourceRecords": [{"Value": "127.0.0.9"}]}}]}}""");
    assertEquals(200, change.statusCode(), change.body());
    String id = group(CHANGE_ID, change.body());
    System.out.println("status right after the commit: " + group(STATUS, change.body()));

    long start = System.nanoTime();
    Poll.until("GetChange " + id + " INSYNC", BOUND, () -> send("GET", "/v1" + id, null).body(),
        body -> group(STATUS, body).equals("INSYNC"));
    System.out.println("INSYNC after " + (System.nanoTime() - start) / 1_000_000 + " ms");
    for (DnsNode node : deployment.dnsNodes()) {
      assertEquals(List.of("127.0.0.9"), node.udp().query("api.example.test.", Type.A).values(),
          "dns-node-" + node.index() + " serves an INSYNC change");
    }
  }
}
