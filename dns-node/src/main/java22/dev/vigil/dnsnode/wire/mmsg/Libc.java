package dev.vigil.dnsnode.wire.mmsg;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.net.BindException;

/**
 * The libc socket calls the UDP workers make, bound once through the FFM linker. Constants and struct layouts are
 * those of LP64 Linux on x86_64 and aarch64 (checked against /usr/include); other platforms never load this class.
 * Each call writes errno into a per-thread capture segment, read only when the call returned -1.
 */
final class Libc {

    static final int AF_INET = 2;
    static final int AF_INET6 = 10;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int SOL_SOCKET = 1;
    static final int SO_REUSEPORT = 15;
    static final int SO_RCVTIMEO = 20;
    static final int SHUT_RD = 0;
    static final int MSG_WAITFORONE = 0x10000;

    static final int EINTR = 4;
    static final int EBADF = 9;
    static final int EAGAIN = 11;
    static final int EADDRINUSE = 98;
    static final int EADDRNOTAVAIL = 99;

    /** struct msghdr, struct mmsghdr (msghdr + msg_len), struct iovec, struct timeval. */
    static final long MSG_NAME = 0;
    static final long MSG_NAMELEN = 8;
    static final long MSG_IOV = 16;
    static final long MSG_IOVLEN = 24;
    static final long MSG_CONTROL = 32;
    static final long MSG_CONTROLLEN = 40;
    static final long MSG_FLAGS = 48;
    static final long MMSG_LEN = 56;
    static final long MMSGHDR_SIZE = 64;
    static final long IOV_BASE = 0;
    static final long IOV_LEN = 8;
    static final long IOVEC_SIZE = 16;
    static final int SOCKADDR_IN_SIZE = 16;
    static final int SOCKADDR_IN6_SIZE = 28;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final long ERRNO = CALL_STATE.byteOffset(PathElement.groupElement("errno"));

    static final MethodHandle SOCKET = withErrno("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle SETSOCKOPT = withErrno("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle BIND = withErrno("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle SHUTDOWN = withErrno("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    static final MethodHandle CLOSE = withErrno("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    /** int recvmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags, struct timespec *timeout) */
    static final MethodHandle RECVMMSG = withErrno("recvmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    /** int sendmmsg(int fd, struct mmsghdr *vec, unsigned int vlen, int flags) */
    static final MethodHandle SENDMMSG = withErrno("sendmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(symbol("strerror"),
            FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Libc() {}

    private static MemorySegment symbol(String name) {
        return LINKER.defaultLookup().find(name).orElseThrow(() -> new UnsupportedOperationException("no " + name + " in libc"));
    }

    private static MethodHandle withErrno(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(symbol(name), descriptor, Linker.Option.captureCallState("errno"));
    }

    /** Where one thread's calls leave errno. */
    static MemorySegment callState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    static int errno(MemorySegment callState) {
        return callState.get(JAVA_INT, ERRNO);
    }

    /** A socket call's failure as an exception: BindException for the address errors, IOException otherwise. */
    static IOException failure(String call, int errno) {
        String message = call + ": " + describe(errno);
        return errno == EADDRINUSE || errno == EADDRNOTAVAIL ? new BindException(message) : new IOException(message);
    }

    static String describe(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0) + " (errno " + errno + ")";
        } catch (Throwable e) {
            return "errno " + errno;
        }
    }

    static int socket(MemorySegment state, int domain, int type) {
        try {
            return (int) SOCKET.invokeExact(state, domain, type, 0);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    static int setsockopt(MemorySegment state, int fd, int level, int option, MemorySegment value) {
        try {
            return (int) SETSOCKOPT.invokeExact(state, fd, level, option, value, (int) value.byteSize());
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    static int bind(MemorySegment state, int fd, MemorySegment sockaddr) {
        try {
            return (int) BIND.invokeExact(state, fd, sockaddr, (int) sockaddr.byteSize());
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    static int recvmmsg(MemorySegment state, int fd, MemorySegment vec, int vlen, int flags) {
        try {
            return (int) RECVMMSG.invokeExact(state, fd, vec, vlen, flags, MemorySegment.NULL);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    static int sendmmsg(MemorySegment state, int fd, MemorySegment vec, int vlen, int flags) {
        try {
            return (int) SENDMMSG.invokeExact(state, fd, vec, vlen, flags);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** Wakes a thread blocked reading {@code fd} (recvmmsg returns at once from then on). */
    static void shutdownRead(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) SHUTDOWN.invokeExact(callState(arena), fd, SHUT_RD); // ENOTCONN, but wakes the reader
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    static void close(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            int ignored = (int) CLOSE.invokeExact(callState(arena), fd);
        } catch (Throwable e) {
            throw unchecked(e);
        }
    }

    /** A downcall declares Throwable but only fails with unchecked ones. */
    private static RuntimeException unchecked(Throwable e) {
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(e);
    }
}
