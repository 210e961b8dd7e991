package dev.vigil.dnsnode.wire;

import java.util.Locale;
import java.util.Set;

/**
 * Finds the recvmmsg/sendmmsg listeners. They are compiled for JDK 22 (the foreign function API is final there, a
 * preview in 21) from src/main/java22 into the same classes directory, so they are only loaded on a JDK that can run
 * them: a JDK 21 user gets Netty.
 */
final class MmsgUdp {

    private static final String STARTER = "dev.vigil.dnsnode.wire.mmsg.MmsgStarter";
    /** The struct layouts in the mmsg classes are those of LP64 Linux on these architectures. */
    private static final Set<String> ARCHITECTURES = Set.of("amd64", "x86_64", "aarch64");

    private MmsgUdp() {}

    /** Why mmsg cannot run in this JVM, or null when it can. */
    static String unsupportedReason() {
        return unsupportedReason(Runtime.version().feature(), System.getProperty("os.name", ""),
                System.getProperty("os.arch", ""));
    }

    /** Why mmsg cannot run on JDK {@code feature} on {@code os}/{@code arch} (as Java names them), or null. */
    static String unsupportedReason(int feature, String os, String arch) {
        if (feature < 22) {
            return "needs JDK 22 or newer (this is JDK " + feature + ")";
        }
        if (!os.equals("Linux") || !ARCHITECTURES.contains(arch.toLowerCase(Locale.ROOT))) {
            return "needs Linux on x86_64 or aarch64 (this is " + os + " " + arch + ")";
        }
        return null;
    }

    /** The starter, or an {@link UnsupportedOperationException} saying why there is none. */
    static UdpListener.Starter starter() {
        String reason = unsupportedReason();
        if (reason != null) {
            throw new UnsupportedOperationException("--udp-io mmsg " + reason);
        }
        try {
            return (UdpListener.Starter) Class.forName(STARTER).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new UnsupportedOperationException("--udp-io mmsg: cannot bind the socket calls: " + cause, e);
        }
    }
}
