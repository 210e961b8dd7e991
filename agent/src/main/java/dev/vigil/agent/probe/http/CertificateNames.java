package dev.vigil.agent.probe.http;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Whether a certificate names a host (RFC 6125 style): the DNS subject alternative names, or the subject CN
 * when there are none; a wildcard stands for exactly one whole left-most label. Used to decide Route 53's
 * retry without SNI, not to trust anything.
 */
final class CertificateNames {

  private static final int SAN_DNS = 2;

  private CertificateNames() {}

  static boolean matches(X509Certificate certificate, String host) {
    String wanted = normalise(host);
    for (String name : names(certificate)) {
      if (matchesPattern(normalise(name), wanted)) {
        return true;
      }
    }
    return false;
  }

  static boolean matchesPattern(String pattern, String host) {
    if (pattern.equals(host)) {
      return true;
    }
    if (!pattern.startsWith("*.") || pattern.length() < 3) {
      return false;
    }
    int dot = host.indexOf('.');
    return dot > 0 && host.substring(dot).equals(pattern.substring(1));
  }

  static List<String> names(X509Certificate certificate) {
    List<String> dns = new ArrayList<>();
    try {
      Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (san.size() >= 2 && Integer.valueOf(SAN_DNS).equals(san.get(0)) && san.get(1) instanceof String s) {
            dns.add(s);
          }
        }
      }
    } catch (CertificateParsingException e) {
      // Unreadable extension: fall back to the CN.
    }
    if (!dns.isEmpty()) {
      return dns;
    }
    try {
      for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          dns.add(String.valueOf(rdn.getValue()));
        }
      }
    } catch (InvalidNameException e) {
      // No usable subject: the certificate names nothing.
    }
    return dns;
  }

  private static String normalise(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }
}
