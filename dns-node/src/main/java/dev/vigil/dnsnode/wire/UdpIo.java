package dev.vigil.dnsnode.wire;

import java.util.Locale;

/**
 * How the UDP sockets are served. {@code MMSG}: one blocking thread per SO_REUSEPORT socket calling recvmmsg and
 * sendmmsg through the JDK's foreign function API (JDK 22+, Linux x86_64/aarch64). {@code NETTY}: Netty's epoll
 * (or NIO) event loops. {@code AUTO}: mmsg where it runs, else Netty.
 */
public enum UdpIo {
    AUTO,
    MMSG,
    NETTY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
