package dev.vigil.e2e.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Failover guarded by a CALCULATED check, on real processes: the primary's check "site" is healthy only when both
 * children are, "app" (HTTP to the primary, 127.0.0.2) and "db" (TCP to a dependency, 127.0.0.4). The secondary
 * (127.0.0.3) has no check. One controller, one agent, one dns-node.
 */
public final class CalculatedDeployment implements AutoCloseable {

  public static final String NAME = "www.example.test.";
  public static final String PRIMARY_IP = "127.0.0.2";
  public static final String SECONDARY_IP = "127.0.0.3";
  public static final String DB_IP = "127.0.0.4";
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final VigilHome home;
  private final Path work;
  private DemoBackend primary;
  private DemoBackend secondary;
  private DemoBackend db;
  private SingleControllerStack stack;

  public CalculatedDeployment(VigilHome home, Path work) {
    this.home = home;
    this.work = work;
  }

  public CalculatedDeployment start() throws IOException, InterruptedException {
    primary = DemoBackend.startOn("primary", PRIMARY_IP);
    secondary = DemoBackend.startOn("secondary", SECONDARY_IP);
    db = DemoBackend.startOn("db", DB_IP);
    stack = SingleControllerStack.start(home, work, configText(), List.of("eu"));
    awaitAnswer(STARTUP, PRIMARY_IP);
    return this;
  }

  String configText() {
    return """
        HealthChecks:
          - Id: app
            HealthCheckConfig: {Type: HTTP, IPAddress: %s, Port: %d, RequestInterval: 1, FailureThreshold: 1}
          - Id: db
            HealthCheckConfig: {Type: TCP, IPAddress: %s, Port: %d, RequestInterval: 1, FailureThreshold: 1}
          - Id: site
            HealthCheckConfig: {Type: CALCULATED, ChildHealthChecks: [app, db], HealthThreshold: 2}
        HostedZones:
          - Name: example.test.
            ResourceRecordSets:
              - {Name: www.example.test., Type: A, TTL: 5, SetIdentifier: primary, Failover: PRIMARY,
                 HealthCheckId: site, ResourceRecords: [{Value: %s}]}
              - {Name: www.example.test., Type: A, TTL: 5, SetIdentifier: secondary, Failover: SECONDARY,
                 ResourceRecords: [{Value: %s}]}
        """.formatted(PRIMARY_IP, primary.port(), DB_IP, db.port(), PRIMARY_IP, SECONDARY_IP);
  }

  /** Polls the dns-node until it answers exactly {@code expectedIps} for {@link #NAME}. */
  public DnsProbe.Answer awaitAnswer(Duration timeout, String... expectedIps) throws InterruptedException {
    return stack.awaitDns("dns-node to answer " + List.of(expectedIps), timeout, () -> stack.dns().a(NAME),
        answer -> answer.is(expectedIps));
  }

  /** The controller's admin HTTP, e.g. {@code GET /v1/history?check=db}. */
  public HttpGet.Response get(String path) throws IOException, InterruptedException {
    return HttpGet.get(stack.controllerHttp(), path);
  }

  public DemoBackend db() {
    return db;
  }

  @Override
  public void close() throws InterruptedException {
    if (stack != null) {
      stack.close();
    }
    for (DemoBackend b : new DemoBackend[] {primary, secondary, db}) {
      if (b != null) {
        b.close();
      }
    }
  }
}
