package dev.vigil.agent.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Resolves a check's FQDN to the address to probe. One lookup per probe, no caching of its own. */
@FunctionalInterface
public interface AddressResolver {

  InetAddress resolve(String fqdn) throws UnknownHostException;

  /** The system resolver, IPv4 preferred (Route 53 probes IPv4 only; IPv6 is the fallback here). */
  static AddressResolver system() {
    return fqdn -> {
      InetAddress[] all = InetAddress.getAllByName(fqdn);
      for (InetAddress a : all) {
        if (a instanceof java.net.Inet4Address) {
          return a;
        }
      }
      return all[0];
    };
  }
}
