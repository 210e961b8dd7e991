package dev.vigil.controller;

import dev.vigil.controller.admin.MemberChanges;
import dev.vigil.controller.change.ApiWrites;
import dev.vigil.controller.change.ConfigChanges;
import dev.vigil.controller.cluster.ControllerState;
import dev.vigil.controller.cluster.DecisionLatency;
import dev.vigil.controller.cluster.RaftMember;
import dev.vigil.controller.cluster.RaftNode;
import dev.vigil.controller.cluster.ReplicatedState;
import dev.vigil.controller.history.HistoryRetention;
import dev.vigil.controller.cluster.VigilStateMachine;
import dev.vigil.controller.ingest.AgentLinkService;
import dev.vigil.controller.ingest.ConfirmProbes;
import dev.vigil.controller.ingest.IngestMetrics;
import dev.vigil.controller.monitor.HealthMonitor;
import dev.vigil.controller.net.HostPort;
import dev.vigil.controller.ops.ControllerMetrics;
import dev.vigil.controller.ops.OpsContext;
import dev.vigil.controller.ops.Readiness;
import dev.vigil.controller.publish.AnswerFeedService;
import dev.vigil.controller.publish.NodeAcks;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every long-lived part of one controller, started in order and stopped in reverse. */
public final class ControllerRuntime implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ControllerRuntime.class);

  /** gRPC (ours and Ratis's shaded copy) logs through java.util.logging; keep it to warnings. */
  private static final List<java.util.logging.Logger> QUIET_JUL = List.of(
      java.util.logging.Logger.getLogger("io.grpc"),
      java.util.logging.Logger.getLogger("org.apache.ratis.thirdparty"));

  static {
    QUIET_JUL.forEach(l -> l.setLevel(java.util.logging.Level.WARNING));
  }

  /** How often agents' staleness is re-judged (between batches). */
  static final long TICK_MILLIS = 250;

  /**
   * @param members every Raft member, including {@code id}
   * @param configGiven whether a config will be applied (readiness waits for it)
   * @param confirmProbes whether the leader asks agents for confirm probes ({@code --confirm-probes})
   */
  public record Settings(
      String id, List<RaftMember> members, Path dataDir, HostPort grpc, HostPort http, boolean configGiven,
      long snapshotEvery, boolean join, HistoryRetention history, boolean confirmProbes) {
    public Settings(String id, List<RaftMember> members, Path dataDir, HostPort grpc, HostPort http,
        boolean configGiven, long snapshotEvery, boolean join, HistoryRetention history) {
      this(id, members, dataDir, grpc, http, configGiven, snapshotEvery, join, history, true);
    }

    public Settings(String id, List<RaftMember> members, Path dataDir, HostPort grpc, HostPort http,
        boolean configGiven) {
      this(id, members, dataDir, grpc, http, configGiven, RaftNode.SNAPSHOT_EVERY);
    }

    public Settings(String id, List<RaftMember> members, Path dataDir, HostPort grpc, HostPort http,
        boolean configGiven, long snapshotEvery) {
      this(id, members, dataDir, grpc, http, configGiven, snapshotEvery, false);
    }

    public Settings(String id, List<RaftMember> members, Path dataDir, HostPort grpc, HostPort http,
        boolean configGiven, long snapshotEvery, boolean join) {
      this(id, members, dataDir, grpc, http, configGiven, snapshotEvery, join, HistoryRetention.DEFAULT);
    }
  }

  private final ReplicatedState state;
  private final NodeAcks nodeAcks = new NodeAcks();
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "vigil-monitor-tick");
    t.setDaemon(true);
    return t;
  });
  /** Decides checks touched by agents' batches, coalesced, off the gRPC threads. */
  private final ExecutorService decider = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "vigil-monitor-decide");
    t.setDaemon(true);
    return t;
  });
  private final HealthStatusManager grpcHealth = new HealthStatusManager();
  private final Readiness readiness;
  private RaftNode raft;
  private Server grpcServer;
  private ApplicationContext http;
  private EmbeddedServer httpServer;
  private HealthMonitor monitor;
  private ConfigChanges configChanges;

  private ControllerRuntime(boolean configGiven, HistoryRetention history) {
    this.readiness = new Readiness(!configGiven);
    this.state = new ReplicatedState(ControllerState.initial(history));
  }

  /** Starts Raft, gRPC and HTTP; on failure stops whatever had started. */
  public static ControllerRuntime start(Settings settings, Clock clock) throws IOException {
    ControllerRuntime runtime = new ControllerRuntime(settings.configGiven(), settings.history());
    try {
      runtime.startAll(settings, clock);
      return runtime;
    } catch (IOException | RuntimeException e) {
      runtime.close();
      throw e;
    }
  }

  private void startAll(Settings settings, Clock clock) throws IOException {
    new ControllerMetrics(registry, state);
    DecisionLatency latency = new DecisionLatency(clock, registry);
    raft = RaftNode.start(settings.id(), settings.members(), settings.dataDir().resolve("raft"),
        new VigilStateMachine(state, latency), settings.snapshotEvery(),
        settings.join());
    // Health transitions are decided on the leader: they go to its own Raft server directly (RaftNode.submitLocal).
    monitor = new HealthMonitor(state::current, raft, raft::submitLocal, clock, registry, decider);
    configChanges = new ConfigChanges(state, raft, raft);
    ticker.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);

    IngestMetrics ingestMetrics = new IngestMetrics(registry);
    grpcHealth.setStatus("", ServingStatus.NOT_SERVING);
    grpcServer = NettyServerBuilder.forAddress(settings.grpc().socketAddress())
        .addService(new AgentLinkService(state, monitor, ingestMetrics, executor,
            new ConfirmProbes(settings.confirmProbes(), state::current, raft, clock, registry)))
        .addService(new AnswerFeedService(state, clock, executor, registry, nodeAcks, latency))
        .addService(grpcHealth.getHealthService())
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .build()
        .start();
    readiness.serving();

    http = ApplicationContext.builder()
        .deduceEnvironment(false)
        .banner(false)
        .properties(Map.of(
            "micronaut.application.name", "vigil-controller",
            "micronaut.server.host", settings.http().host(),
            // Micronaut picks a free port for -1, not 0.
            "micronaut.server.port", settings.http().port() == 0 ? -1 : settings.http().port()))
        .singletons(new OpsContext(state, raft, monitor, readiness, registry, configChanges, raft), nodeAcks,
            new MemberChanges(raft), new ApiWrites(configChanges, raft, clock, registry))
        .start();
    httpServer = http.getBean(EmbeddedServer.class);
    httpServer.start();
  }

  private void tick() {
    try {
      monitor.tick();
    } catch (RuntimeException e) {
      log.warn("event=monitor.tick_failed error=\"{}\"", e.toString());
    }
  }

  /** Marks the controller ready: config applied (or none given); gRPC health says SERVING. */
  public void configApplied() {
    readiness.configApplied();
    grpcHealth.setStatus("", ServingStatus.SERVING);
  }

  public RaftNode raft() {
    return raft;
  }

  public ReplicatedState state() {
    return state;
  }

  public ConfigChanges configChanges() {
    return configChanges;
  }

  public HealthMonitor monitor() {
    return monitor;
  }

  public int grpcPort() {
    return grpcServer.getPort();
  }

  public int httpPort() {
    return httpServer.getPort();
  }

  @Override
  public void close() {
    if (httpServer != null) {
      quietly("http", httpServer::stop);
    }
    if (http != null) {
      quietly("http-context", http::close);
    }
    if (grpcServer != null) {
      grpcHealth.enterTerminalState();
      grpcServer.shutdown();
      try {
        if (!grpcServer.awaitTermination(2, TimeUnit.SECONDS)) {
          grpcServer.shutdownNow();
        }
      } catch (InterruptedException e) {
        grpcServer.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
    ticker.shutdownNow();
    decider.shutdownNow();
    if (raft != null) {
      raft.close();
    }
    executor.shutdownNow();
    registry.close();
  }

  private static void quietly(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      log.warn("event=shutdown.failed part={} error=\"{}\"", what, e.toString());
    }
  }
}
