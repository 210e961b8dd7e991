package dev.vigil.agent.probe.http;

import dev.vigil.agent.probe.AddressResolver;
import dev.vigil.agent.probe.Check;
import dev.vigil.agent.probe.Endpoint;
import dev.vigil.agent.probe.FailureKind;
import dev.vigil.agent.probe.Latency;
import dev.vigil.agent.probe.PhaseTimeouts;
import dev.vigil.agent.probe.ProbeFailure;
import dev.vigil.agent.probe.ProbeResult;
import dev.vigil.agent.probe.ProbeSpec;
import dev.vigil.agent.probe.Sockets;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.ZipException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/** One HTTP(S) probe: connect, (TLS), request, status line, (body search). Mutable, single use. */
final class HttpExchange {

  private enum Phase { CONNECT, RESPONSE, BODY }

  private final Check check;
  private final ProbeSpec.Http spec;
  private final AddressResolver resolver;
  private final PhaseTimeouts timeouts;
  private final long start = System.nanoTime();
  private Phase phase = Phase.CONNECT;
  private String ip = "";
  private Endpoint endpoint;
  private long connectStart;
  private long connected;
  private long tlsDone;
  private long requestSent;
  private long firstByte;
  private int status;
  private long notAfter;
  private boolean retriedWithoutSni;

  HttpExchange(Check check, ProbeSpec.Http spec, AddressResolver resolver) {
    this.check = check;
    this.spec = spec;
    this.resolver = resolver;
    this.timeouts = PhaseTimeouts.forCheck(check);
  }

  ProbeResult execute() {
    try {
      String detail = perform();
      return ProbeResult.healthy(noted(detail), ip, status, latency(), notAfter);
    } catch (ProbeFailure f) {
      return ProbeResult.failed(f.kind(), noted(f.getMessage()), ip, status, latency(), notAfter);
    }
  }

  private String perform() throws ProbeFailure {
    try {
      endpoint = Endpoint.resolve(check.target(), resolver);
    } catch (Endpoint.ResolutionFailed e) {
      throw new ProbeFailure(FailureKind.DNS_RESOLUTION_FAILED, e.getMessage());
    }
    ip = endpoint.ip();
    connectStart = System.nanoTime();
    Socket socket = Sockets.connect(endpoint, start + millisToNanos(timeouts.connect().toMillis()),
        timeouts.connect().toMillis());
    connected = System.nanoTime();
    phase = Phase.RESPONSE;
    Socket conversation = socket;
    Socket retry = null;
    try {
      long responseDeadline = connected + millisToNanos(timeouts.response().toMillis());
      if (spec.tls()) {
        SSLSocket tls = handshake(socket, responseDeadline);
        conversation = tls;
        if (Tls.shouldRetryWithoutSni(tls, check.target(), spec)) {
          // Route 53: a certificate that does not name the FQDN gets a second handshake without SNI, on a new
          // connection that must still fit in the response phase.
          Sockets.closeQuietly(tls);
          retriedWithoutSni = true;
          retry = Sockets.connect(endpoint, responseDeadline, timeouts.response().toMillis());
          tls = Tls.handshakeWithoutSni(retry, check.target(), spec, handshakeMillis(responseDeadline));
          conversation = tls;
        }
        tlsDone = System.nanoTime();
        notAfter = Tls.notAfterMillis(tls);
      }
      return converse(conversation, responseDeadline);
    } catch (SocketTimeoutException e) {
      throw timeout();
    } catch (ProtocolViolation | ZipException e) {
      throw new ProbeFailure(FailureKind.PROTOCOL_ERROR, e.getMessage() + " from " + endpoint);
    } catch (SSLException e) {
      throw new ProbeFailure(FailureKind.TLS_FAILURE, "TLS with " + endpoint + " failed: " + e.getMessage());
    } catch (IOException e) {
      throw new ProbeFailure(FailureKind.NETWORK_ERROR, "I/O error with " + endpoint + ": " + e.getMessage());
    } finally {
      Sockets.closeQuietly(conversation);
      Sockets.closeQuietly(socket);
      Sockets.closeQuietly(retry);
    }
  }

  private SSLSocket handshake(Socket socket, long deadline) throws IOException, ProbeFailure {
    return Tls.handshake(socket, check.target(), spec, handshakeMillis(deadline));
  }

  private int handshakeMillis(long deadline) throws ProbeFailure {
    int left = Sockets.millisUntil(deadline);
    if (left == 0) {
      throw timeout();
    }
    return left;
  }

  private String noted(String detail) {
    return retriedWithoutSni
        ? detail + " (certificate does not name " + check.target().fqdn() + ": retried without SNI)"
        : detail;
  }

  private String converse(Socket socket, long responseDeadline) throws IOException, ProbeFailure {
    DeadlineInputStream timed = new DeadlineInputStream(socket, responseDeadline);
    InputStream in = new BufferedInputStream(timed, 8192);
    OutputStream out = socket.getOutputStream();
    out.write(HttpRequest.bytes(spec, check.target()));
    out.flush();
    requestSent = System.nanoTime();
    int first = in.read();
    if (first < 0) {
      throw new ProbeFailure(FailureKind.PROTOCOL_ERROR, "connection closed by " + endpoint + " without a response");
    }
    firstByte = System.nanoTime();
    status = ResponseHead.statusCode(first, in);
    if (status < 200 || status > 399) {
      throw new ProbeFailure(FailureKind.BAD_STATUS, "HTTP " + status + " from " + endpoint);
    }
    if (!spec.matchesString()) {
      return "HTTP " + status + " from " + endpoint;
    }
    phase = Phase.BODY;
    timed.deadline(System.nanoTime() + millisToNanos(timeouts.body().toMillis()));
    Map<String, String> headers = ResponseHead.headers(in);
    InputStream body = BodyStreams.open(status, headers, in);
    if (!BodySearch.find(body, spec.searchString().getBytes(StandardCharsets.UTF_8))) {
      throw new ProbeFailure(FailureKind.SEARCH_STRING_NOT_FOUND,
          "HTTP " + status + " from " + endpoint + ", search string not in the first "
              + BodySearch.WINDOW + " bytes of the body");
    }
    return "HTTP " + status + " from " + endpoint + ", search string found";
  }

  private ProbeFailure timeout() {
    return switch (phase) {
      case CONNECT -> new ProbeFailure(FailureKind.CONNECT_TIMEOUT,
          "no TCP connection to " + endpoint + " within " + timeouts.connect().toMillis() + " ms");
      case RESPONSE -> new ProbeFailure(FailureKind.RESPONSE_TIMEOUT,
          (spec.tls() && tlsDone == 0 ? "no TLS handshake" : "no status line") + " from " + endpoint
              + " within " + timeouts.response().toMillis() + " ms of connecting");
      case BODY -> new ProbeFailure(FailureKind.BODY_TIMEOUT,
          "body from " + endpoint + " not complete within " + timeouts.body().toMillis() + " ms of the status");
    };
  }

  private Latency latency() {
    long end = System.nanoTime();
    return new Latency(
        Sockets.micros(connectStart, connected),
        Sockets.micros(connected, tlsDone),
        Sockets.micros(requestSent, firstByte),
        Sockets.micros(start, end));
  }

  private static long millisToNanos(long millis) {
    return millis * 1_000_000L;
  }
}
