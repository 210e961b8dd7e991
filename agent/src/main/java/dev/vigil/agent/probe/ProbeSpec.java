package dev.vigil.agent.probe;

/** What kind of probe a check runs. */
public sealed interface ProbeSpec {

  /**
   * HTTP or HTTPS.
   *
   * @param resourcePath path and query, "/" when empty
   * @param searchString case-sensitive; empty means no string matching
   * @param verifyCertificate validate chain and name (Route 53 never does)
   */
  record Http(boolean tls, String resourcePath, String searchString, boolean enableSni, boolean verifyCertificate)
      implements ProbeSpec {

    public Http {
      resourcePath = resourcePath == null || resourcePath.isEmpty() ? "/" : resourcePath;
      if (!resourcePath.startsWith("/")) {
        resourcePath = "/" + resourcePath;
      }
      searchString = searchString == null ? "" : searchString;
    }

    public boolean matchesString() {
      return !searchString.isEmpty();
    }

    public int defaultPort() {
      return tls ? 443 : 80;
    }
  }

  /** A TCP connection, nothing sent. */
  record Tcp() implements ProbeSpec {}
}
