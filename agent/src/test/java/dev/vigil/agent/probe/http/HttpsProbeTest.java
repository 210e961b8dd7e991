package dev.vigil.agent.probe.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.agent.probe.AddressResolver;
import dev.vigil.agent.probe.Check;
import dev.vigil.agent.probe.FailureKind;
import dev.vigil.agent.probe.ProbeResult;
import dev.vigil.agent.probe.ProbeSpec;
import dev.vigil.agent.probe.Target;
import dev.vigil.agent.probe.TestChecks;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS probes against a loopback TLS server with a self-signed certificate made by keytool for this run. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpsProbeTest {

  private static final char[] PASSWORD = "changeit".toCharArray();
  private static SSLContext serverContext;

  private final HttpProbe probe = new HttpProbe(fqdn -> InetAddress.getByName("127.0.0.1"));

  @BeforeAll
  static void makeSelfSignedCertificate(@TempDir Path dir) throws Exception {
    Path keystore = dir.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
        "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed: " + output);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    serverContext = SSLContext.getInstance("TLS");
    serverContext.init(kmf.getKeyManagers(), null, null);
  }

  private static ScriptedServer tlsServer(String response) throws Exception {
    SSLServerSocket socket = (SSLServerSocket) serverContext.getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    return new ScriptedServer(socket, response == null ? null : response.getBytes(), false);
  }

  private static Check https(int port, boolean verify, String search) {
    return TestChecks.http(new Target("", "localhost", port),
        new ProbeSpec.Http(true, "/", search, true, verify), 10);
  }

  @Test
  void acceptsSelfSignedCertificateByDefaultAndReportsNotAfter() throws Exception {
    try (ScriptedServer server = tlsServer("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nALIVE")) {
      ProbeResult r = probe.run(https(server.port(), false, "ALIVE"));
      assertTrue(r.healthy(), r.detail());
      assertEquals(200, r.statusCode());
      long inTwoDays = System.currentTimeMillis() + TimeUnit.DAYS.toMillis(2);
      assertTrue(Math.abs(r.certificateNotAfterMillis() - inTwoDays) < TimeUnit.HOURS.toMillis(1),
          "notAfter " + r.certificateNotAfterMillis());
      assertTrue(r.latency().tlsHandshakeMicros() > 0);
      assertTrue(server.nextRequest().contains("\r\nHost: localhost:" + server.port() + "\r\n"));
    }
  }

  @Test
  void failsUntrustedCertificateWhenVerificationRequested() throws Exception {
    try (ScriptedServer server = tlsServer("HTTP/1.1 200 OK\r\n\r\n")) {
      ProbeResult r = probe.run(https(server.port(), true, ""));
      assertFalse(r.healthy());
      assertEquals(FailureKind.TLS_FAILURE, r.failure(), r.detail());
    }
  }

  @Test
  void reportsResponseTimeoutWhenTlsServerNeverHandshakes() throws Exception {
    try (ScriptedServer server = tlsServer(null)) {
      Check check = TestChecks.http(new Target("127.0.0.1", "", server.port()),
          new ProbeSpec.Http(true, "/", "", false, false), 1);
      ProbeResult r = probe.run(check);
      assertEquals(FailureKind.RESPONSE_TIMEOUT, r.failure(), r.detail());
      assertTrue(r.detail().startsWith("no TLS handshake"), r.detail());
    }
  }

  @Test
  void sendsSniOnlyWhenEnabledForANameAndNeverForAnIp() {
    var withSni = new ProbeSpec.Http(true, "/", "", true, false);
    var withoutSni = new ProbeSpec.Http(true, "/", "", false, false);
    assertEquals(1, Tls.serverNames(new Target("", "www.example.com", 443), withSni).size());
    assertEquals(0, Tls.serverNames(new Target("", "www.example.com", 443), withoutSni).size());
    assertEquals(0, Tls.serverNames(new Target("192.0.2.1", "", 443), withSni).size());
  }

  @Test
  void usesAddressResolverForFqdnTargets() throws Exception {
    AddressResolver failing = fqdn -> {
      throw new java.net.UnknownHostException(fqdn);
    };
    ProbeResult r = new HttpProbe(failing).run(https(443, false, ""));
    assertEquals(FailureKind.DNS_RESOLUTION_FAILED, r.failure());
  }
}
