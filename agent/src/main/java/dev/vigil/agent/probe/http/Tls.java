package dev.vigil.agent.probe.http;

import dev.vigil.agent.probe.Endpoint;
import dev.vigil.agent.probe.ProbeSpec;
import dev.vigil.agent.probe.Target;
import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/** TLS for HTTPS probes: trust-all like Route 53 unless the check asks to verify the certificate. */
final class Tls {

  private Tls() {}

  /** Wraps a connected socket and completes the handshake (bounded by the socket's SO_TIMEOUT). */
  static SSLSocket handshake(Socket plain, Target target, ProbeSpec.Http spec, int timeoutMillis) throws IOException {
    return handshake(plain, target, spec, timeoutMillis, serverNames(target, spec));
  }

  /** The handshake Route 53 retries with when the certificate does not name the FQDN: no SNI at all. */
  static SSLSocket handshakeWithoutSni(Socket plain, Target target, ProbeSpec.Http spec, int timeoutMillis)
      throws IOException {
    return handshake(plain, target, spec, timeoutMillis, List.of());
  }

  /**
   * True when SNI was sent, the certificate is not being verified, and the leaf certificate does not name the
   * FQDN: Route 53 then repeats the handshake without SNI (verification would already have failed instead).
   */
  static boolean shouldRetryWithoutSni(SSLSocket socket, Target target, ProbeSpec.Http spec) {
    if (spec.verifyCertificate() || serverNames(target, spec).isEmpty()) {
      return false;
    }
    try {
      Certificate[] chain = socket.getSession().getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf
          && !CertificateNames.matches(leaf, target.fqdn());
    } catch (IOException e) {
      return false;
    }
  }

  private static SSLSocket handshake(Socket plain, Target target, ProbeSpec.Http spec, int timeoutMillis,
      List<SNIServerName> serverNames) throws IOException {
    // A fresh context per handshake: no session is ever resumed, so every probe gets the full handshake with
    // the server's current certificate, and a retry without SNI does not inherit the cached session's SNI.
    SSLContext context = spec.verifyCertificate() ? verifyingContext() : trustAllContext();
    SSLSocket socket = (SSLSocket) context.getSocketFactory()
        .createSocket(plain, target.hostName(), target.port(), true);
    SSLParameters params = socket.getSSLParameters();
    params.setServerNames(serverNames);
    if (spec.verifyCertificate()) {
      params.setEndpointIdentificationAlgorithm("HTTPS");
    }
    socket.setSSLParameters(params);
    socket.setSoTimeout(timeoutMillis);
    socket.startHandshake();
    return socket;
  }

  /** The leaf certificate's notAfter in epoch ms, 0 when unknown. */
  static long notAfterMillis(SSLSocket socket) {
    try {
      Certificate[] chain = socket.getSession().getPeerCertificates();
      if (chain.length > 0 && chain[0] instanceof X509Certificate leaf) {
        return leaf.getNotAfter().getTime();
      }
    } catch (IOException e) {
      // Unverified peer: nothing to report.
    }
    return 0;
  }

  /** SNI = the FQDN when enabled and the FQDN is a name; otherwise explicitly none. */
  static List<SNIServerName> serverNames(Target target, ProbeSpec.Http spec) {
    if (!spec.enableSni() || target.fqdn().isEmpty() || Endpoint.isIpLiteral(target.fqdn())) {
      return List.of();
    }
    try {
      String name = target.fqdn().endsWith(".") ? target.fqdn().substring(0, target.fqdn().length() - 1)
          : target.fqdn();
      return List.of(new SNIHostName(name));
    } catch (IllegalArgumentException e) {
      return List.of(); // Not a valid SNI host name; Route 53 would fall back to no SNI too.
    }
  }

  private static SSLContext verifyingContext() throws IOException {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("no default TLS context: " + e.getMessage(), e);
    }
  }

  private static SSLContext trustAllContext() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustAll()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("TLS unavailable in this JVM", e);
    }
  }

  /** Accepts any certificate: Route 53 does not validate, and neither do we unless asked. */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}
    @Override public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
    @Override public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}
    @Override public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
