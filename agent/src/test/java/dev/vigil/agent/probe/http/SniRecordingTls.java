package dev.vigil.agent.probe.http;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A TLS server context with one self-signed certificate (made by keytool for {@code names}) that records, for
 * every handshake, the SNI host names the client sent ("" for none).
 */
final class SniRecordingTls {

  private static final char[] PASSWORD = "changeit".toCharArray();

  final BlockingQueue<String> handshakes = new LinkedBlockingQueue<>();
  private final SSLContext context;

  /** @param san keytool SAN, e.g. "dns:localhost,ip:127.0.0.1" */
  SniRecordingTls(Path dir, String cn, String san) throws Exception {
    Path keystore = dir.resolve(cn + ".p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "EC",
        "-groupname", "secp256r1", "-dname", "CN=" + cn, "-ext", "SAN=" + san, "-validity", "30",
        "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
        .redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool failed: " + output);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    X509ExtendedKeyManager delegate = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
    context = SSLContext.getInstance("TLS");
    context.init(new X509ExtendedKeyManager[] {new Recording(delegate)}, null, null);
  }

  ScriptedServer server(String response) throws Exception {
    SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    return new ScriptedServer(socket, response.getBytes(), false);
  }

  /** The SNI names of the next handshake, "" when the client sent none; waits at most 5 s. */
  String nextHandshake() throws InterruptedException {
    String names = handshakes.poll(5, TimeUnit.SECONDS);
    if (names == null) {
      throw new AssertionError("no handshake");
    }
    return names;
  }

  private final class Recording extends X509ExtendedKeyManager {
    private final X509ExtendedKeyManager delegate;

    Recording(X509ExtendedKeyManager delegate) {
      this.delegate = delegate;
    }

    private void record(SSLSession session) {
      List<SNIServerName> names = session instanceof ExtendedSSLSession e ? e.getRequestedServerNames() : List.of();
      handshakes.add(String.join(",", names.stream()
          .map(n -> n instanceof SNIHostName h ? h.getAsciiName() : n.toString()).toList()));
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      String alias = delegate.chooseServerAlias(keyType, issuers, socket);
      if (alias != null && socket instanceof SSLSocket s) {
        record(s.getHandshakeSession());
      }
      return alias;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return delegate.chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override public String[] getClientAliases(String keyType, Principal[] issuers) {
      return delegate.getClientAliases(keyType, issuers);
    }
    @Override public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return delegate.chooseClientAlias(keyType, issuers, socket);
    }
    @Override public String[] getServerAliases(String keyType, Principal[] issuers) {
      return delegate.getServerAliases(keyType, issuers);
    }
    @Override public X509Certificate[] getCertificateChain(String alias) {
      return delegate.getCertificateChain(alias);
    }
    @Override public PrivateKey getPrivateKey(String alias) {
      return delegate.getPrivateKey(alias);
    }
  }
}
