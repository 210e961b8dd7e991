package dev.vigil.dnsnode.wire.mmsg;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/** Opens the blocking UDP sockets the workers read: SO_REUSEPORT, a short receive timeout, bound. */
final class UdpSocket {

    /** How long a blocked recvmmsg waits before its thread looks whether the listener was closed. */
    static final long RECEIVE_TIMEOUT_MICROS = 200_000;

    private UdpSocket() {}

    /** A bound socket's file descriptor. An IPv4 address gets an IPv4 socket, as with Netty. */
    static int open(InetSocketAddress address) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = Libc.callState(arena);
            int family = address.getAddress() instanceof Inet4Address ? Libc.AF_INET : Libc.AF_INET6;
            int fd = Libc.socket(state, family, Libc.SOCK_DGRAM | Libc.SOCK_CLOEXEC);
            if (fd < 0) {
                throw Libc.failure("socket", Libc.errno(state));
            }
            try {
                MemorySegment one = arena.allocate(JAVA_INT);
                one.set(JAVA_INT, 0, 1);
                check(state, "setsockopt(SO_REUSEPORT)", Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_REUSEPORT, one));
                MemorySegment timeval = arena.allocate(16, 8); // struct timeval {long tv_sec; long tv_usec;}
                timeval.set(JAVA_LONG, 0, 0);
                timeval.set(JAVA_LONG, 8, RECEIVE_TIMEOUT_MICROS);
                check(state, "setsockopt(SO_RCVTIMEO)", Libc.setsockopt(state, fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeval));
                check(state, "bind", Libc.bind(state, fd, Sockaddr.of(arena, address)));
                return fd;
            } catch (IOException | RuntimeException e) {
                Libc.close(fd);
                throw e;
            }
        }
    }

    private static void check(MemorySegment state, String call, int result) throws IOException {
        if (result < 0) {
            throw Libc.failure(call, Libc.errno(state));
        }
    }
}
