package dev.vigil.agent.probe;

/**
 * The endpoint a check probes.
 *
 * @param ipAddress an IPv4/IPv6 literal; when empty, {@code fqdn} is resolved at every probe
 * @param fqdn sent as Host header and SNI when set
 * @param port 1-65535
 */
public record Target(String ipAddress, String fqdn, int port) {

  public Target {
    ipAddress = ipAddress == null ? "" : ipAddress;
    fqdn = fqdn == null ? "" : fqdn;
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1-65535, got " + port);
    }
    if (ipAddress.isEmpty() && fqdn.isEmpty()) {
      throw new IllegalArgumentException("target needs an IP address or an FQDN");
    }
  }

  /** The name for Host header, SNI and certificate checks: the FQDN, else the IP address. */
  public String hostName() {
    return fqdn.isEmpty() ? ipAddress : fqdn;
  }
}
