package dev.vigil.agent.probe.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.agent.probe.AddressResolver;
import dev.vigil.agent.probe.FailureKind;
import dev.vigil.agent.probe.ProbeResult;
import dev.vigil.agent.probe.ProbeSpec;
import dev.vigil.agent.probe.Target;
import dev.vigil.agent.probe.TestChecks;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SNI on and off against a real loopback TLS server that records what each handshake asked for. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpsSniTest {

  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  private static SniRecordingTls tls;

  private final HttpProbe probe = new HttpProbe(fqdn -> InetAddress.getByName("127.0.0.1"));

  @BeforeAll
  static void certificate(@TempDir Path dir) throws Exception {
    tls = new SniRecordingTls(dir, "localhost", "dns:localhost,ip:127.0.0.1");
  }

  private static ProbeSpec.Http https(boolean sni, boolean verify) {
    return new ProbeSpec.Http(true, "/", "", sni, verify);
  }

  @Test
  void sendsTheFqdnAsSniWhenEnabled() throws Exception {
    try (ScriptedServer server = tls.server(OK)) {
      ProbeResult r = probe.run(TestChecks.http(new Target("", "localhost", server.port()), https(true, false), 10));
      assertTrue(r.healthy(), r.detail());
      assertEquals("localhost", tls.nextHandshake());
      assertFalse(r.detail().contains("without SNI"), r.detail());
    }
  }

  @Test
  void sendsNoSniWhenDisabled() throws Exception {
    try (ScriptedServer server = tls.server(OK)) {
      ProbeResult r = probe.run(TestChecks.http(new Target("", "localhost", server.port()), https(false, false), 10));
      assertTrue(r.healthy(), r.detail());
      assertEquals("", tls.nextHandshake());
    }
  }

  @Test
  void retriesWithoutSniWhenTheCertificateDoesNotNameTheFqdn() throws Exception {
    try (ScriptedServer server = tls.server(OK)) {
      ProbeResult r = probe.run(
          TestChecks.http(new Target("", "www.example.test", server.port()), https(true, false), 10));
      assertTrue(r.healthy(), r.detail());
      assertEquals("www.example.test", tls.nextHandshake());
      assertEquals("", tls.nextHandshake());
      assertTrue(r.detail().contains("retried without SNI"), r.detail());
      assertEquals("", server.nextRequest(), "the first connection ends after its handshake");
      assertTrue(server.nextRequest().contains("\r\nHost: www.example.test:" + server.port() + "\r\n"));
      assertTrue(r.certificateNotAfterMillis() > System.currentTimeMillis());
    }
  }

  @Test
  void verifiedCertificateThatDoesNotNameTheFqdnFailsWithoutRetry() throws Exception {
    try (ScriptedServer server = tls.server(OK)) {
      ProbeResult r = probe.run(
          TestChecks.http(new Target("", "www.example.test", server.port()), https(true, true), 10));
      assertEquals(FailureKind.TLS_FAILURE, r.failure(), r.detail());
      assertEquals("www.example.test", tls.nextHandshake());
      assertFalse(r.detail().contains("retried"), r.detail());
    }
  }

  @Test
  void probesTheIpAndSendsTheFqdnAsHostAndSniWhenBothAreGiven() throws Exception {
    AddressResolver mustNotResolve = fqdn -> {
      throw new UnknownHostException("resolved " + fqdn + " although an IP address was given");
    };
    try (ScriptedServer server = tls.server(OK)) {
      ProbeResult r = new HttpProbe(mustNotResolve).run(
          TestChecks.http(new Target("127.0.0.1", "localhost", server.port()), https(true, false), 10));
      assertTrue(r.healthy(), r.detail());
      assertEquals("127.0.0.1", r.resolvedIp());
      assertEquals("localhost", tls.nextHandshake());
      assertTrue(server.nextRequest().contains("\r\nHost: localhost:" + server.port() + "\r\n"));
    }
  }
}
