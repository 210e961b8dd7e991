package dev.vigil.agent.canary;

import dev.vigil.agent.probe.Check;
import dev.vigil.agent.probe.Endpoint;
import dev.vigil.agent.probe.ProbeSpec;
import dev.vigil.agent.probe.Target;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

/** Turns a {@code --canary URL} into the HTTP(S) check that probes it. Pure. */
public final class Canaries {

  private Canaries() {}

  /** Thrown for a URL the agent cannot probe; the message says why, for a one-line usage error. */
  public static final class BadCanary extends IllegalArgumentException {
    BadCanary(String message) {
      super(message);
    }
  }

  /**
   * {@code http://HOST[:PORT][/PATH]} or {@code https://...}: healthy on 200-399 like an HTTP check, a name
   * resolved at every probe and sent as Host and SNI, an IP literal probed as is. The certificate is not
   * verified (the canary tests the agent's network, not the canary's certificate).
   */
  public static Check check(String url, Duration interval) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new BadCanary("'" + url + "' is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new BadCanary("'" + url + "' is not an http:// or https:// URL");
    }
    String host = uri.getHost();
    if (host == null || host.isEmpty()) {
      throw new BadCanary("'" + url + "' has no host");
    }
    if (uri.getUserInfo() != null || uri.getFragment() != null) {
      throw new BadCanary("'" + url + "' must not have user info or a fragment");
    }
    boolean tls = scheme.equals("https");
    int port = uri.getPort() < 0 ? (tls ? 443 : 80) : uri.getPort();
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    Target target = Endpoint.isIpLiteral(bare) ? new Target(bare, "", port) : new Target("", bare, port);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    return new Check("canary:" + url, new ProbeSpec.Http(tls, path, "", true, false), target, interval, true);
  }
}
