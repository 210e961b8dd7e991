package dev.vigil.agent.probe;

import java.time.Duration;

/** Builds checks against loopback test servers. */
public final class TestChecks {

  private TestChecks() {}

  public static Check http(int port, String path, String search, int intervalSeconds) {
    return new Check("http-check", new ProbeSpec.Http(false, path, search, false, false),
        new Target("127.0.0.1", "", port), Duration.ofSeconds(intervalSeconds), true);
  }

  public static Check http(Target target, ProbeSpec.Http spec, int intervalSeconds) {
    return new Check("http-check", spec, target, Duration.ofSeconds(intervalSeconds), true);
  }

  public static Check tcp(int port, int intervalSeconds) {
    return new Check("tcp-check", new ProbeSpec.Tcp(), new Target("127.0.0.1", "", port),
        Duration.ofSeconds(intervalSeconds), true);
  }

  /** A loopback port nothing listens on (bound then released). */
  public static int closedPort() throws java.io.IOException {
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
