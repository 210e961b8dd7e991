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
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 20, unit = TimeUnit.SECONDS)
class HttpProbeTest {

  private static final AddressResolver LOOPBACK_ONLY = fqdn -> {
    if (fqdn.endsWith(".test") || fqdn.equals("localhost")) {
      return InetAddress.getByName("127.0.0.1");
    }
    throw new UnknownHostException(fqdn);
  };

  private final HttpProbe probe = new HttpProbe(LOOPBACK_ONLY);

  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of(200, true, FailureKind.NONE),
        Arguments.of(204, true, FailureKind.NONE),
        Arguments.of(301, true, FailureKind.NONE),
        Arguments.of(399, true, FailureKind.NONE),
        Arguments.of(404, false, FailureKind.BAD_STATUS),
        Arguments.of(500, false, FailureKind.BAD_STATUS),
        Arguments.of(199, false, FailureKind.BAD_STATUS));
  }

  @ParameterizedTest
  @MethodSource("statuses")
  void judgesHealthByStatusCodeWithoutFollowingRedirects(int status, boolean healthy, FailureKind kind)
      throws Exception {
    String response = "HTTP/1.1 " + status + " Whatever\r\nLocation: http://127.0.0.1:1/elsewhere\r\n"
        + "Content-Length: 0\r\n\r\n";
    try (ScriptedServer server = ScriptedServer.answering(response)) {
      ProbeResult r = probe.run(TestChecks.http(server.port(), "/health", "", 10));
      assertEquals(healthy, r.healthy(), r.detail());
      assertEquals(kind, r.failure());
      assertEquals(status, r.statusCode());
      assertEquals("127.0.0.1", r.resolvedIp());
      assertTrue(r.latency().totalMicros() > 0);
      assertTrue(server.nextRequest().startsWith("GET /health HTTP/1.1\r\n"));
    }
  }

  @Test
  void reportsConnectionRefused() throws Exception {
    int port = TestChecks.closedPort();
    ProbeResult r = probe.run(TestChecks.http(port, "/", "", 10));
    assertEquals(FailureKind.CONNECTION_REFUSED, r.failure());
    assertEquals("connection refused 127.0.0.1:" + port, r.detail());
  }

  @Test
  void reportsResponseTimeoutWhenServerNeverAnswers() throws Exception {
    try (ScriptedServer server = ScriptedServer.silent()) {
      long start = System.nanoTime();
      ProbeResult r = probe.run(TestChecks.http(server.port(), "/", "", 1));
      long tookMs = (System.nanoTime() - start) / 1_000_000;
      assertEquals(FailureKind.RESPONSE_TIMEOUT, r.failure(), r.detail());
      assertTrue(tookMs < 1000, "a 1 s interval caps the probe below 1 s, took " + tookMs);
      assertTrue(r.detail().contains("within 300 ms"), r.detail());
    }
  }

  @Test
  void sendsRoute53RequestWithFqdnAndPortInHostHeader() throws Exception {
    try (ScriptedServer server = ScriptedServer.answering("HTTP/1.1 200 OK\r\n\r\n")) {
      Check check = TestChecks.http(new Target("", "www.example.test", server.port()),
          new ProbeSpec.Http(false, "/status?full=1", "", false, false), 10);
      ProbeResult r = probe.run(check);
      assertTrue(r.healthy(), r.detail());
      assertEquals("GET /status?full=1 HTTP/1.1\r\n"
          + "Host: www.example.test:" + server.port() + "\r\n"
          + "User-Agent: Vigil-Health-Check/1\r\n"
          + "Accept: */*\r\n"
          + "Accept-Encoding: gzip, deflate\r\n"
          + "Connection: close\r\n\r\n", server.nextRequest());
    }
  }

  @Test
  void probesAnIpv6Literal() throws Exception {
    java.net.ServerSocket v6;
    try {
      v6 = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("::1"));
    } catch (java.io.IOException e) {
      org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
      return;
    }
    try (ScriptedServer server = new ScriptedServer(v6, "HTTP/1.1 204 No Content\r\n\r\n".getBytes(), false)) {
      Check check = TestChecks.http(new Target("::1", "", server.port()),
          new ProbeSpec.Http(false, "/", "", false, false), 10);
      ProbeResult r = probe.run(check);
      assertTrue(r.healthy(), r.detail());
      assertEquals("0:0:0:0:0:0:0:1", r.resolvedIp());
      assertTrue(r.detail().contains("[0:0:0:0:0:0:0:1]:" + server.port()), r.detail());
      assertTrue(server.nextRequest().contains("\r\nHost: [::1]:" + server.port() + "\r\n"));
    }
  }

  @Test
  void reportsDnsResolutionFailure() {
    Check check = TestChecks.http(new Target("", "nowhere.invalid", 80),
        new ProbeSpec.Http(false, "/", "", false, false), 10);
    ProbeResult r = probe.run(check);
    assertEquals(FailureKind.DNS_RESOLUTION_FAILED, r.failure());
    assertEquals("", r.resolvedIp());
  }

  @Test
  void reportsProtocolErrorForNonHttpAnswer() throws Exception {
    try (ScriptedServer server = ScriptedServer.answering("SSH-2.0-OpenSSH_9.6\r\n")) {
      ProbeResult r = probe.run(TestChecks.http(server.port(), "/", "", 10));
      assertEquals(FailureKind.PROTOCOL_ERROR, r.failure(), r.detail());
    }
  }

  static Stream<Arguments> searchWindow() {
    String needle = "ALIVE";
    return Stream.of(
        Arguments.of("starts at byte 5,100", "x".repeat(5099) + needle + "x".repeat(100), true),
        Arguments.of("starts at byte 5,121", "x".repeat(5120) + needle + "x".repeat(100), false),
        Arguments.of("ends exactly at byte 5120", "x".repeat(5120 - needle.length()) + needle, true),
        Arguments.of("crosses byte 5120", "x".repeat(5120 - needle.length() + 1) + needle, false),
        Arguments.of("at the start of a long body", needle + "x".repeat(20_000), true),
        Arguments.of("absent", "x".repeat(300), false),
        Arguments.of("case differs", "alive", false),
        Arguments.of("empty body", "", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("searchWindow")
  void matchesSearchStringOnlyWithinFirst5120BytesOfContentLengthBody(String name, String body, boolean found)
      throws Exception {
    String response = "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    try (ScriptedServer server = ScriptedServer.answering(response)) {
      ProbeResult r = probe.run(TestChecks.http(server.port(), "/", "ALIVE", 10));
      assertEquals(found, r.healthy(), r.detail());
      assertEquals(found ? FailureKind.NONE : FailureKind.SEARCH_STRING_NOT_FOUND, r.failure());
    }
  }

  @Test
  void matchesSearchStringInCloseDelimitedBody() throws Exception {
    String body = "x".repeat(5115) + "ALIVE" + "tail";
    try (ScriptedServer server = ScriptedServer.answering("HTTP/1.0 200 OK\r\n\r\n" + body)) {
      assertTrue(probe.run(TestChecks.http(server.port(), "/", "ALIVE", 10)).healthy());
    }
  }

  @Test
  void decodesChunkedBodyAcrossChunkBoundaries() throws Exception {
    String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "4;ext=1\r\nstat\r\n" + "9\r\nus: ALIVE\r\n" + "0\r\nX-Trailer: 1\r\n\r\n";
    try (ScriptedServer server = ScriptedServer.answering(response)) {
      ProbeResult r = probe.run(TestChecks.http(server.port(), "/", "status: ALIVE", 10));
      assertTrue(r.healthy(), r.detail());
    }
  }

  @Test
  void rejectsMalformedChunkedBody() throws Exception {
    String response = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nALIVE\r\n0\r\n\r\n";
    try (ScriptedServer server = ScriptedServer.answering(response)) {
      assertEquals(FailureKind.PROTOCOL_ERROR, probe.run(TestChecks.http(server.port(), "/", "ALIVE", 10)).failure());
    }
  }

  static Stream<Arguments> encodings() {
    return Stream.of(Arguments.of("gzip"), Arguments.of("deflate"), Arguments.of("raw-deflate"));
  }

  @ParameterizedTest
  @MethodSource("encodings")
  void decodesCompressedBodyBeforeMatching(String encoding) throws Exception {
    byte[] plain = ("y".repeat(4000) + "ALIVE" + "z".repeat(40_000)).getBytes(StandardCharsets.US_ASCII);
    byte[] compressed = compress(encoding, plain);
    String header = "HTTP/1.1 200 OK\r\nContent-Encoding: " + (encoding.equals("gzip") ? "gzip" : "deflate")
        + "\r\nContent-Length: " + compressed.length + "\r\n\r\n";
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    response.write(header.getBytes(StandardCharsets.US_ASCII));
    response.write(compressed);
    try (ScriptedServer server = ScriptedServer.answering(response.toByteArray())) {
      ProbeResult r = probe.run(TestChecks.http(server.port(), "/", "ALIVE", 10));
      assertTrue(r.healthy(), r.detail());
    }
  }

  @Test
  void looksOnlyAtFirst5120DecodedBytesOfCompressedBody() throws Exception {
    byte[] compressed = compress("gzip", ("y".repeat(6000) + "ALIVE").getBytes(StandardCharsets.US_ASCII));
    ByteArrayOutputStream response = new ByteArrayOutputStream();
    response.write(("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + compressed.length
        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    response.write(compressed);
    try (ScriptedServer server = ScriptedServer.answering(response.toByteArray())) {
      assertEquals(FailureKind.SEARCH_STRING_NOT_FOUND,
          probe.run(TestChecks.http(server.port(), "/", "ALIVE", 10)).failure());
    }
  }

  @Test
  void isHealthyOnceStringSeenEvenIfServerKeepsConnectionOpen() throws Exception {
    try (ScriptedServer server = ScriptedServer.answeringThenStalling("HTTP/1.1 200 OK\r\n\r\nALIVE and more")) {
      ProbeResult r = probe.run(TestChecks.http(server.port(), "/", "ALIVE", 1));
      assertTrue(r.healthy(), r.detail());
    }
  }

  @Test
  void reportsBodyTimeoutWhenBodyStallsBeforeString() throws Exception {
    String response = "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nnot yet";
    try (ScriptedServer server = ScriptedServer.answeringThenStalling(response)) {
      ProbeResult r = probe.run(TestChecks.http(server.port(), "/", "ALIVE", 1));
      assertEquals(FailureKind.BODY_TIMEOUT, r.failure(), r.detail());
      assertEquals(200, r.statusCode());
      assertFalse(r.healthy());
    }
  }

  @Test
  void skipsBodyForBadStatusEvenWithSearchString() throws Exception {
    try (ScriptedServer server = ScriptedServer.answering("HTTP/1.1 503 Busy\r\nContent-Length: 5\r\n\r\nALIVE")) {
      ProbeResult r = probe.run(TestChecks.http(server.port(), "/", "ALIVE", 10));
      assertEquals(FailureKind.BAD_STATUS, r.failure());
      assertEquals(503, r.statusCode());
    }
  }

  private static byte[] compress(String encoding, byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    var stream = switch (encoding) {
      case "gzip" -> new GZIPOutputStream(out);
      case "deflate" -> new DeflaterOutputStream(out);
      default -> new DeflaterOutputStream(out, new java.util.zip.Deflater(6, true));
    };
    stream.write(plain);
    stream.close();
    return out.toByteArray();
  }
}
