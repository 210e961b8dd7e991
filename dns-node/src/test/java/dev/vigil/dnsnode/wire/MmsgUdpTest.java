package dev.vigil.dnsnode.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Where the recvmmsg/sendmmsg path may run: JDK 22+, Linux, the two LP64 architectures its layouts are for. */
@Timeout(10)
class MmsgUdpTest {

    static Stream<Arguments> platforms() {
        return Stream.of(
                Arguments.of(25, "Linux", "amd64", null),
                Arguments.of(22, "Linux", "aarch64", null),
                Arguments.of(22, "Linux", "x86_64", null),
                Arguments.of(21, "Linux", "amd64", "needs JDK 22 or newer (this is JDK 21)"),
                Arguments.of(25, "Linux", "arm", "needs Linux on x86_64 or aarch64 (this is Linux arm)"),
                Arguments.of(25, "Linux", "ppc64le", "needs Linux on x86_64 or aarch64 (this is Linux ppc64le)"),
                Arguments.of(25, "Mac OS X", "aarch64", "needs Linux on x86_64 or aarch64 (this is Mac OS X aarch64)"),
                Arguments.of(25, "Windows 11", "amd64", "needs Linux on x86_64 or aarch64 (this is Windows 11 amd64)"));
    }

    @ParameterizedTest(name = "JDK {0} {1} {2}")
    @MethodSource("platforms")
    void runsOnlyOnJdk22PlusLinuxX8664OrAarch64(int feature, String os, String arch, String reason) {
        assertEquals(reason, MmsgUdp.unsupportedReason(feature, os, arch));
    }

    @Test
    void loadsOnThisJdk() {
        assertNull(MmsgUdp.unsupportedReason(), "the build runs on JDK 25 / Linux x86_64");
        assertEquals("dev.vigil.dnsnode.wire.mmsg.MmsgStarter", MmsgUdp.starter().getClass().getName());
    }
}
