package dev.vigil.e2e.harness;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Predicate;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Type;

/**
 * One controller with a config the test writes, one agent in each of three regions, one dns-node, and named
 * HTTP backends on loopback addresses that the test stops and starts: the routing policies end to end.
 */
public final class RoutingDeployment implements AutoCloseable {

  public static final List<String> REGIONS = List.of("eu-central-1", "us-east-1", "ap-northeast-1");
  private static final Duration STARTUP = Duration.ofSeconds(90);

  private final VigilHome home;
  private final Path work;
  private final Map<String, String> backendHosts = new LinkedHashMap<>();
  private final Map<String, DemoBackend> backends = new LinkedHashMap<>();
  private SingleControllerStack stack;

  public RoutingDeployment(VigilHome home, Path work) {
    this.home = home;
    this.work = work;
  }

  /** Declares a backend named {@code name} on loopback address {@code host}, started by {@link #start}. */
  public RoutingDeployment backend(String name, String host) {
    backendHosts.put(name, host);
    return this;
  }

  /**
   * Starts the backends, then the controller with {@code config.apply(this)} (which may read backend ports and
   * {@link #work()}), the agents and the dns-node; returns once the dns-node serves {@code zone}'s SOA.
   */
  public RoutingDeployment start(String zone, Function<RoutingDeployment, String> config)
      throws IOException, InterruptedException {
    for (var e : backendHosts.entrySet()) {
      backends.put(e.getKey(), DemoBackend.startOn(e.getKey(), e.getValue()));
    }
    stack = SingleControllerStack.start(home, work, config.apply(this), REGIONS);
    stack.awaitDns("dns-node to serve " + zone, STARTUP, () -> stack.dns().query(zone, Type.SOA),
        answer -> answer.rcode() == Rcode.NOERROR && !answer.values().isEmpty());
    return this;
  }

  /** Polls until {@code probe} (a query against {@link #dns()}) returns something {@code done} accepts. */
  public <T> T await(String what, Duration timeout, Callable<T> probe, Predicate<T> done)
      throws InterruptedException {
    return stack.awaitDns(what, timeout, probe, done);
  }

  /** The controller's decided health of check {@code id} ({@code GET /v1/health-checks/{id}/status}). */
  public boolean checkHealthy(String id) throws IOException, InterruptedException {
    String body = HttpGet.get(stack.controllerHttp(), "/v1/health-checks/" + id + "/status").body();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("^\\{\"id\":\"[^\"]*\",\"healthy\":(true|false)")
        .matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("unexpected status of " + id + ": " + body);
    }
    return Boolean.parseBoolean(m.group(1));
  }

  public DemoBackend backend(String name) {
    DemoBackend backend = backends.get(name);
    if (backend == null) {
      throw new IllegalArgumentException("no backend " + name + " (declare it before start)");
    }
    return backend;
  }

  /** The backend's port, for the config (backends start before the config is written). */
  public int port(String name) {
    return backend(name).port();
  }

  public DnsProbe dns() {
    return stack.dns();
  }

  public Path work() {
    return work;
  }

  public String controllerHttp() {
    return stack.controllerHttp();
  }

  @Override
  public void close() throws InterruptedException {
    if (stack != null) {
      stack.close();
    }
    backends.values().forEach(DemoBackend::close);
  }
}
