package dev.vigil.agent.probe.http;

import dev.vigil.agent.probe.Endpoint;
import dev.vigil.agent.probe.ProbeSpec;
import dev.vigil.agent.probe.Target;
import java.nio.charset.StandardCharsets;

/** The exact request a Route 53 style checker sends. */
public final class HttpRequest {

  private HttpRequest() {}

  public static byte[] bytes(ProbeSpec.Http spec, Target target) {
    String request = "GET " + spec.resourcePath() + " HTTP/1.1\r\n"
        + "Host: " + hostHeader(spec, target) + "\r\n"
        + "User-Agent: Vigil-Health-Check/1\r\n"
        + "Accept: */*\r\n"
        + "Accept-Encoding: gzip, deflate\r\n"
        + "Connection: close\r\n"
        + "\r\n";
    return request.getBytes(StandardCharsets.UTF_8);
  }

  /** The FQDN (else the IP), with ":port" unless the port is the scheme's default; IPv6 in brackets. */
  public static String hostHeader(ProbeSpec.Http spec, Target target) {
    String host = target.hostName();
    if (host.contains(":") && Endpoint.isIpLiteral(host)) {
      host = "[" + host + "]";
    }
    return target.port() == spec.defaultPort() ? host : host + ":" + target.port();
  }
}
