package dev.vigil.e2e.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Failover guarded by an HTTPS_STR_MATCH check, on real processes: an HTTPS primary with a self-signed
 * certificate (127.0.0.2) whose page can lose its search string, a plain HTTP secondary (127.0.0.3), one
 * controller, one agent in each of three regions (the check names two of them), one dns-node.
 */
public final class StringMatchDeployment implements AutoCloseable {

  public static final List<String> REGIONS = List.of("eu-central-1", "us-east-1", "ap-northeast-1");
  /** The regions the check lists: the third agent must never probe it. */
  public static final List<String> CHECK_REGIONS = List.of("eu-central-1", "us-east-1");
  public static final String NAME = "www.example.test.";
  public static final String CHECK_ID = "web-primary";
  public static final String SEARCH_STRING = "status: serving";
  public static final String PRIMARY_IP = "127.0.0.2";
  public static final String SECONDARY_IP = "127.0.0.3";
  public static final int CERTIFICATE_DAYS = 20;
  /**
   * 5 s, not 1 s: at 1 s the whole HTTPS probe must fit in 450 ms (response phase 225 ms), which a cold agent
   * JVM's first TLS handshakes do not meet on a loaded 2-core machine. Route 53 itself allows 10 or 30 s.
   */
  // 10 s gives every probe Route 53's full phase timeouts (connect 4 s, status 2 s, body 2 s): a cold
  // agent JVM's first TLS handshakes do not fit the scaled-down phases of a shorter interval.
  public static final int INTERVAL_SECONDS = 10;
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final VigilHome home;
  private final Path work;
  private TlsBackend primary;
  private DemoBackend secondary;
  private SingleControllerStack stack;

  public StringMatchDeployment(VigilHome home, Path work) {
    this.home = home;
    this.work = work;
  }

  public StringMatchDeployment start() throws IOException, InterruptedException {
    primary = TlsBackend.startOn(PRIMARY_IP, "www.example.test", CERTIFICATE_DAYS, work,
        "<html>" + "x".repeat(1000) + SEARCH_STRING + "</html>");
    secondary = DemoBackend.startOn("secondary", SECONDARY_IP);
    stack = SingleControllerStack.start(home, work, configText(), REGIONS);
    awaitAnswer(STARTUP, PRIMARY_IP);
    return this;
  }

  String configText() {
    return """
        HealthChecks:
          - Id: %s
            HealthCheckConfig: {Type: HTTPS_STR_MATCH, IPAddress: %s, FullyQualifiedDomainName: www.example.test,
                                Port: %d, ResourcePath: /status, SearchString: "%s",
                                RequestInterval: %d, FailureThreshold: 1, Regions: [%s]}
        HostedZones:
          - Name: example.test.
            ResourceRecordSets:
              - {Name: www.example.test., Type: A, TTL: 5, SetIdentifier: primary, Failover: PRIMARY,
                 HealthCheckId: %s, ResourceRecords: [{Value: %s}]}
              - {Name: www.example.test., Type: A, TTL: 5, SetIdentifier: secondary, Failover: SECONDARY,
                 ResourceRecords: [{Value: %s}]}
        """.formatted(CHECK_ID, PRIMARY_IP, primary.port(), SEARCH_STRING, INTERVAL_SECONDS, String.join(", ", CHECK_REGIONS),
            CHECK_ID, PRIMARY_IP, SECONDARY_IP);
  }

  /** Polls the dns-node until it answers exactly {@code expectedIps} for {@link #NAME}. */
  public DnsProbe.Answer awaitAnswer(Duration timeout, String... expectedIps) throws InterruptedException {
    return stack.awaitDns("dns-node to answer " + List.of(expectedIps), timeout, () -> stack.dns().a(NAME),
        answer -> answer.is(expectedIps));
  }

  /** The controller's {@code GET /v1/health-checks/web-primary/status} body (JSON). */
  public String checkStatus() throws IOException, InterruptedException {
    return HttpGet.get(stack.controllerHttp(), "/v1/health-checks/" + CHECK_ID + "/status").body();
  }

  public TlsBackend primary() {
    return primary;
  }

  @Override
  public void close() throws InterruptedException {
    if (stack != null) {
      stack.close();
    }
    if (primary != null) {
      primary.close();
    }
    if (secondary != null) {
      secondary.close();
    }
  }
}
