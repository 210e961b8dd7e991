package dev.vigil.agent;

import dev.vigil.agent.assignment.AssignedChecks;
import dev.vigil.agent.assignment.AssignmentBook;
import dev.vigil.agent.canary.CanaryMonitor;
import dev.vigil.agent.canary.NetworkHealth;
import dev.vigil.agent.link.ControllerLink;
import dev.vigil.agent.link.WireCodec;
import dev.vigil.agent.link.LinkSettings;
import dev.vigil.agent.ops.AgentMetrics;
import dev.vigil.agent.ops.AgentStatus;
import dev.vigil.agent.probe.Check;
import dev.vigil.agent.probe.Observation;
import dev.vigil.agent.probe.Probe;
import dev.vigil.agent.schedule.ExecutorTaskScheduler;
import dev.vigil.agent.schedule.ProbeScheduler;
import dev.vigil.proto.agent.v1.AgentHealth;
import dev.vigil.proto.agent.v1.Hello;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Wires one agent: links to every controller → assignment book → scheduler → probes → links. */
public final class Agent implements AutoCloseable {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Agent.class);

  /** What an agent needs to run. */
  public record Config(String agentId, String region, List<HostPort> controllers, LinkSettings linkSettings,
      List<Check> canaries, Duration canaryInterval, int maxInFlight) {
    public Config {
      controllers = List.copyOf(controllers);
      canaries = List.copyOf(canaries);
      if (controllers.isEmpty()) {
        throw new IllegalArgumentException("at least one controller is needed");
      }
    }

    /** Without canaries. */
    public Config(String agentId, String region, List<HostPort> controllers, LinkSettings linkSettings) {
      this(agentId, region, controllers, linkSettings, List.of(), DEFAULT_CANARY_INTERVAL, DEFAULT_MAX_IN_FLIGHT);
    }
  }

  public static final Duration DEFAULT_CANARY_INTERVAL = Duration.ofSeconds(10);
  /** Open probe sockets at once; below common file-descriptor limits (the JVM raises the soft limit to the hard). */
  public static final int DEFAULT_MAX_IN_FLIGHT = 10_000;

  static final String SOFTWARE_VERSION = "vigil-agent/0.1.0";

  private final Config config;
  private final ScheduledExecutorService io;
  private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
  private final ExecutorTaskScheduler timer;
  private final ProbeScheduler scheduler;
  private final AssignmentBook book;
  private final List<ControllerLink> links = new ArrayList<>();
  private final CanaryMonitor canaries;

  public Agent(Config config, Clock clock, Probe probe, MeterRegistry registry) {
    this.config = config;
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "vigil-link");
      t.setDaemon(true);
      return t;
    });
    pool.setRemoveOnCancelPolicy(true);
    this.io = pool;
    this.timer = new ExecutorTaskScheduler(clock);
    AgentMetrics metrics = new AgentMetrics(registry);
    this.scheduler = new ProbeScheduler(config.agentId(), clock, timer, probes, probe, this::publish, metrics,
        config.maxInFlight());
    this.book = new AssignmentBook(checks -> scheduler.apply(checks.checks().values()));
    Hello hello = Hello.newBuilder().setAgentId(config.agentId()).setRegion(config.region())
        .setSoftwareVersion(SOFTWARE_VERSION).build();
    for (HostPort controller : config.controllers()) {
      ManagedChannel channel = Grpc.newChannelBuilderForAddress(controller.host(), controller.port(),
              InsecureChannelCredentials.create())
          .maxInboundMessageSize(64 * 1024 * 1024)
          .build();
      links.add(new ControllerLink(controller, channel, hello, book::offer, this::probeNow, io,
          config.linkSettings()));
    }
    metrics.watch(scheduler::size, links);
    this.canaries = new CanaryMonitor(config.canaries(), probe, probes, clock, this::reportHealth);
    metrics.watchNetwork(canaries::latest);
  }

  public void start() {
    links.forEach(ControllerLink::start);
    canaries.start(io, config.canaryInterval());
  }

  /** Every controller learns the agent's own network health (only sent when canaries are configured). */
  private void reportHealth(NetworkHealth health) {
    AgentHealth message = WireCodec.health(health, config.canaryInterval());
    for (ControllerLink link : links) {
      link.reportHealth(message);
    }
  }

  /** The latest canary verdict; null without canaries or before the first round. */
  public NetworkHealth network() {
    return canaries.latest();
  }

  /** A controller asks for confirm probes: one out-of-schedule probe of each listed check this agent runs. */
  private void probeNow(List<String> checkIds) {
    var outcomes = scheduler.probeNow(checkIds);
    if (log.isDebugEnabled()) {
      log.debug("event=probe_now.requested checks={} outcomes={}", checkIds, outcomes);
    }
  }

  /** Every observation goes to every controller. */
  private void publish(Observation observation) {
    for (ControllerLink link : links) {
      link.offer(observation);
    }
  }

  public AgentStatus status() {
    AssignedChecks current = book.current();
    List<AgentStatus.Link> linkStates = links.stream()
        .map(l -> new AgentStatus.Link(l.controller().toString(), l.state().name().toLowerCase(), l.buffered(),
            l.dropped()))
        .toList();
    return new AgentStatus(config.agentId(), config.region(), current.applied(), current.version(),
        scheduler.size(), linkStates);
  }

  public List<ControllerLink> links() {
    return List.copyOf(links);
  }

  @Override
  public void close() {
    canaries.close();
    scheduler.close();
    timer.close();
    probes.shutdownNow();
    try {
      probes.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    links.forEach(ControllerLink::close);
    io.shutdownNow();
  }
}
