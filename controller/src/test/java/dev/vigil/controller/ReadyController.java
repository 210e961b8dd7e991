package dev.vigil.controller;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.controller.cluster.RaftMember;
import dev.vigil.controller.net.HostPort;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A real controller for API and CLI tests: started on loopback with free ports, leading, and ready. */
public final class ReadyController {

  private ReadyController() {}

  /** A one-member group ("c1") keeping its Raft data in {@code dataDir}. */
  public static ControllerRuntime start(Path dataDir) throws IOException, InterruptedException {
    return start(new ControllerRuntime.Settings(
        "c1", List.of(new RaftMember("c1", "127.0.0.1:" + FreePorts.next())), dataDir,
        HostPort.parse("127.0.0.1:0"), HostPort.parse("127.0.0.1:0"), false));
  }

  /** Starts {@code settings} and returns once this member leads, with no --config to wait for. */
  public static ControllerRuntime start(ControllerRuntime.Settings settings) throws IOException, InterruptedException {
    ControllerRuntime runtime = ControllerRuntime.start(settings, Clock.systemUTC());
    assertTrue(runtime.raft().awaitLeader(Duration.ofSeconds(30)), "a one-member group elects itself");
    runtime.configApplied();
    return runtime;
  }
}
