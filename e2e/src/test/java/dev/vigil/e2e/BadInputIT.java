package dev.vigil.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.e2e.harness.DnsProbe;
import dev.vigil.e2e.harness.FreePorts;
import dev.vigil.e2e.harness.VigilHome;
import dev.vigil.e2e.harness.VigilProcess;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/** Bad input to the real programs gets a clear error or the right rcode, never a dead process. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BadInputIT {

  private static final VigilHome HOME = VigilHome.locate();
  private static final Duration EXIT = Duration.ofSeconds(60);

  @TempDir Path work;

  @Test
  void controllerRefusesAnInvalidConfigListingEveryProblemWithItsPath() throws Exception {
    Path config = work.resolve("broken.yaml");
    Files.writeString(config, """
        HealthChecks:
          - Id: web
            HealthCheckConfig: {Type: HTTP, IPAddress: 127.0.0.2, FailureThreshold: 11, Colour: blue}
        HostedZones:
          - Name: example.test.
            ResourceRecordSets:
              - {Name: www.example.test., Type: A, TTL: 60, SetIdentifier: a, Failover: PRIMARY,
                 HealthCheckId: nope, ResourceRecords: [{Value: 127.0.0.2}]}
              - {Name: www.example.test., Type: A, TTL: 60, SetIdentifier: b, Failover: PRIMARY,
                 ResourceRecords: [{Value: 127.0.0.3}]}
        """);
    VigilProcess controller = VigilProcess.start(HOME, "controller", "bad-config", "128m",
        work, List.of("--config", config.toString(), "--data", work.resolve("c").toString(),
            "--grpc", "127.0.0.1:" + FreePorts.tcp("127.0.0.1"),
            "--http", "127.0.0.1:" + FreePorts.tcp("127.0.0.1"),
            "--raft", "127.0.0.1:" + FreePorts.tcp("127.0.0.1")));
    assertEquals(2, controller.awaitExit(EXIT), controller.logText());
    String output = controller.logText();
    for (String path : List.of("HealthChecks[0].HealthCheckConfig.FailureThreshold",
        "HealthChecks[0].HealthCheckConfig.Colour",
        "HostedZones[0].ResourceRecordSets[0].HealthCheckId",
        "HostedZones[0].ResourceRecordSets[1]")) {
      assertTrue(output.contains(path), "missing " + path + " in:\n" + output);
    }
    assertTrue(output.contains("PRIMARY"), output);
  }

  static Stream<String> programs() {
    return Stream.of("controller", "agent", "dns-node");
  }

  @ParameterizedTest
  @MethodSource("programs")
  void anUnknownFlagExitsTwoWithOneClearLine(String program) throws Exception {
    VigilProcess process = VigilProcess.start(HOME, program, program + "-bad-flag", "64m", work,
        List.of("--no-such-flag"));
    assertEquals(2, process.awaitExit(EXIT), process.logText());
    List<String> lines = process.logText().lines().filter(l -> !l.isBlank()).toList();
    assertEquals(1, lines.size(), "expected one line, got:\n" + process.logText());
    assertTrue(lines.getFirst().contains("--no-such-flag"), lines.getFirst());
  }

  @Test
  void dnsNodeAnswersFormerrToGarbageAndKeepsServing() throws Exception {
    int port = FreePorts.tcpAndUdp("127.0.0.1");
    InetSocketAddress listen = new InetSocketAddress("127.0.0.1", port);
    int nowhere = FreePorts.tcp("127.0.0.1");
    try (VigilProcess node = VigilProcess.start(HOME, "dns-node", "dns-node-garbage", "96m", work,
        List.of("--listen", "127.0.0.1:" + port, "--controllers", "127.0.0.1:" + nowhere,
            "--data", work.resolve("dns").toString()));
        DatagramSocket socket = new DatagramSocket()) {
      socket.setSoTimeout(500);
      DnsProbe probe = new DnsProbe(listen, false, Duration.ofMillis(500));
      // No zones yet: a well-formed query is REFUSED. Wait for the node to listen.
      dev.vigil.e2e.harness.Poll.until("dns-node to listen", EXIT,
          () -> probe.a("www.example.test.").rcode(), rcode -> rcode == Rcode.REFUSED);

      byte[] garbage = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
          0x05, 'a', 'b', (byte) 0xc0, (byte) 0xff, 0x00, 0x01};
      socket.send(new DatagramPacket(garbage, garbage.length, listen));
      DatagramPacket reply = new DatagramPacket(new byte[512], 512);
      socket.receive(reply);
      Message response = new Message(java.util.Arrays.copyOf(reply.getData(), reply.getLength()));
      assertEquals(0x1234, response.getHeader().getID());
      assertEquals(Rcode.FORMERR, response.getRcode());

      byte[] tooShort = {0x12, 0x34, 0x01};
      socket.send(new DatagramPacket(tooShort, tooShort.length, listen));
      assertSilence(socket);

      assertEquals(Rcode.REFUSED, probe.a("www.example.test.").rcode());
      assertTrue(node.isAlive());
    }
  }

  private static void assertSilence(DatagramSocket socket) throws Exception {
    try {
      socket.receive(new DatagramPacket(new byte[512], 512));
      throw new AssertionError("expected no reply to a packet shorter than a header");
    } catch (SocketTimeoutException expected) {
      // silence is the answer
    }
  }
}
