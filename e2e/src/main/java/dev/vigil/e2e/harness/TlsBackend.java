package dev.vigil.e2e.harness;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * An HTTPS backend on a loopback address with a self-signed certificate made by keytool for {@code dnsName}.
 * The body it answers with can be changed while it runs (e.g. a page that loses its search string).
 */
public final class TlsBackend implements AutoCloseable {

  private static final char[] PASSWORD = "changeit".toCharArray();

  private final HttpsServer server;
  private volatile byte[] body;

  private TlsBackend(HttpsServer server, String initialBody) {
    this.server = server;
    this.body = initialBody.getBytes(StandardCharsets.UTF_8);
  }

  /** Starts on a free port of {@code host}, certificate for {@code dnsName} valid {@code validityDays}. */
  public static TlsBackend startOn(String host, String dnsName, int validityDays, Path workDir, String initialBody)
      throws IOException, InterruptedException {
    SSLContext tls = selfSigned(dnsName, validityDays, workDir);
    HttpsServer server = HttpsServer.create(new InetSocketAddress(host, FreePorts.tcp(host)), 16);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    TlsBackend backend = new TlsBackend(server, initialBody);
    server.createContext("/", exchange -> {
      byte[] now = backend.body;
      exchange.getResponseHeaders().set("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, now.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(now);
      }
    });
    server.start();
    return backend;
  }

  public void setBody(String text) {
    body = text.getBytes(StandardCharsets.UTF_8);
  }

  public String host() {
    return server.getAddress().getHostString();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static SSLContext selfSigned(String dnsName, int validityDays, Path workDir)
      throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Path keystore = Files.createTempFile(workDir, "backend", ".p12");
    Files.delete(keystore);
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "backend", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=" + dnsName, "-ext", "SAN=dns:" + dnsName,
        "-validity", Integer.toString(validityDays), "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + output);
    }
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, PASSWORD);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, PASSWORD);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot load the backend certificate: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
