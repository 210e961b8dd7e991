package dev.vigil.agent.probe.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.agent.probe.AddressResolver;
import dev.vigil.agent.probe.FailureKind;
import dev.vigil.agent.probe.ProbeResult;
import dev.vigil.agent.probe.TestChecks;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class TcpProbeTest {

  private final TcpProbe probe = new TcpProbe(AddressResolver.system());

  @Test
  void openPortIsHealthy() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      ProbeResult r = probe.run(TestChecks.tcp(server.getLocalPort(), 10));
      assertTrue(r.healthy(), r.detail());
      assertEquals(FailureKind.NONE, r.failure());
      assertEquals("127.0.0.1", r.resolvedIp());
      assertTrue(r.latency().connectMicros() > 0);
      assertEquals(0, r.statusCode());
    }
  }

  @Test
  void closedPortIsConnectionRefused() throws Exception {
    int port = TestChecks.closedPort();
    ProbeResult r = probe.run(TestChecks.tcp(port, 10));
    assertEquals(FailureKind.CONNECTION_REFUSED, r.failure());
    assertEquals("connection refused 127.0.0.1:" + port, r.detail());
  }
}
