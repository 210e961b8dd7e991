package dev.vigil.dnsnode.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.dnsnode.wire.Transport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.xbill.DNS.Rcode;

@Timeout(10)
class NodeMetricsTest {

    @Test
    void countsSingleAnswersAndBatchesInTheSameCounter() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NodeMetrics metrics = new NodeMetrics(registry);

        metrics.answered(Transport.UDP, Rcode.NOERROR);
        metrics.answered(Transport.UDP, Rcode.NOERROR, 7);
        metrics.answered(Transport.UDP, Rcode.NXDOMAIN, 3);
        metrics.answered(Transport.TCP, Rcode.NOERROR, 2);

        assertEquals(8, count(registry, "NOERROR", "udp"));
        assertEquals(3, count(registry, "NXDOMAIN", "udp"));
        assertEquals(2, count(registry, "NOERROR", "tcp"));
    }

    @Test
    void countsAnRcodeOutsideTheCachedRange() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NodeMetrics metrics = new NodeMetrics(registry);

        metrics.answered(Transport.UDP, Rcode.BADVERS, 4); // 16: registered on the fly, not cached

        assertEquals(4, count(registry, Rcode.string(Rcode.BADVERS), "udp"));
    }

    private static double count(SimpleMeterRegistry registry, String rcode, String proto) {
        return registry.get("vigil.dnsnode.queries").tag("rcode", rcode).tag("proto", proto).counter().count();
    }
}
