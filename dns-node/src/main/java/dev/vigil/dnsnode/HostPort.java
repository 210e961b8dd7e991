package dev.vigil.dnsnode;

import java.net.InetSocketAddress;

/** A HOST:PORT command-line address; IPv6 hosts in brackets, e.g. [::1]:53. */
public record HostPort(String host, int port) {

    public static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (write IPv6 as [::1]:53)");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT (bad port)");
        }
        if (host.isEmpty() || port < 0 || port > 65535) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
        }
        return new HostPort(host, port);
    }

    /** For binding: resolves the host now. */
    public InetSocketAddress resolved() {
        return new InetSocketAddress(host, port);
    }

    /** For connecting: resolved by the client, on every (re)connect. */
    public InetSocketAddress unresolved() {
        return InetSocketAddress.createUnresolved(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
