package dev.vigil.dnsnode.wire.mmsg;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/** struct sockaddr_in / sockaddr_in6: written for bind, read back (only when a query needs it) for the client. */
final class Sockaddr {

    private static final ValueLayout.OfShort NETWORK_SHORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final long IN_ADDR = 4;
    private static final long IN6_ADDR = 8;
    private static final long IN6_SCOPE_ID = 24;

    private Sockaddr() {}

    static MemorySegment of(Arena arena, InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        boolean v4 = ip.length == 4;
        MemorySegment s = arena.allocate(v4 ? Libc.SOCKADDR_IN_SIZE : Libc.SOCKADDR_IN6_SIZE, 4);
        s.set(JAVA_SHORT, 0, (short) (v4 ? Libc.AF_INET : Libc.AF_INET6));
        s.set(NETWORK_SHORT, 2, (short) address.getPort());
        MemorySegment.copy(ip, 0, s, JAVA_BYTE, v4 ? IN_ADDR : IN6_ADDR, ip.length);
        if (!v4 && address.getAddress() instanceof Inet6Address v6) {
            s.set(JAVA_INT, IN6_SCOPE_ID, v6.getScopeId());
        }
        return s;
    }

    /** The address in the sockaddr at {@code offset} (a v4-mapped IPv6 address comes back as IPv4). */
    static InetAddress address(MemorySegment memory, long offset) throws UnknownHostException {
        boolean v4 = memory.get(JAVA_SHORT, offset) == Libc.AF_INET;
        byte[] ip = new byte[v4 ? 4 : 16];
        MemorySegment.copy(memory, JAVA_BYTE, offset + (v4 ? IN_ADDR : IN6_ADDR), ip, 0, ip.length);
        return InetAddress.getByAddress(ip);
    }
}
