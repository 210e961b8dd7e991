package dev.vigil.dnsnode.ops;

import dev.vigil.dnsnode.wire.QueryObserver;
import dev.vigil.dnsnode.wire.Transport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Rcode;

/**
 * The node's Prometheus metrics. Query counters are cached in arrays so the query path does one array read
 * and one increment, no registry lookup.
 */
public final class NodeMetrics implements QueryObserver {

    private static final Logger log = LoggerFactory.getLogger(NodeMetrics.class);
    private static final int RCODES = 24;

    private final MeterRegistry registry;
    private final Counter[][] queries = new Counter[Transport.values().length][RCODES];
    private final Counter[] malformed = new Counter[Transport.values().length];
    private final Counter[] errors = new Counter[Transport.values().length];

    public NodeMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Transport t : Transport.values()) {
            malformed[t.ordinal()] = Counter.builder("vigil.dnsnode.malformed")
                    .description("Packets that could not be parsed as a DNS query")
                    .tag("proto", t.label()).register(registry);
            errors[t.ordinal()] = Counter.builder("vigil.dnsnode.errors")
                    .description("Unexpected failures while answering (answered SERVFAIL or connection closed)")
                    .tag("proto", t.label()).register(registry);
            counter(t, Rcode.NOERROR);
        }
    }

    /** Gauges over the node's status (registered once the status exists). */
    public void bind(NodeStatus status) {
        Gauge.builder("vigil.dnsnode.answer.version", status, s -> s.table().version().index())
                .description("Raft index of the answer state being served (0: none)").register(registry);
        Gauge.builder("vigil.dnsnode.state.age.seconds", status, NodeStatus::stalenessSeconds)
                .description("Seconds since any controller was last reachable (0 while connected)").register(registry);
        Gauge.builder("vigil.dnsnode.controllers.connected", status, NodeStatus::connectedControllers)
                .description("Controllers with an open answer feed").register(registry);
        Gauge.builder("vigil.dnsnode.zones", status, s -> s.table().zoneCount())
                .description("Zones being served").register(registry);
    }

    @Override
    public void answered(Transport transport, int rcode) {
        counter(transport, rcode).increment();
    }

    @Override
    public void answered(Transport transport, int rcode, int count) {
        counter(transport, rcode).increment(count);
    }

    @Override
    public void malformed(Transport transport) {
        malformed[transport.ordinal()].increment();
    }

    @Override
    public void failed(Transport transport, Throwable error) {
        errors[transport.ordinal()].increment();
        log.debug("event=query.failed proto={} error=\"{}\"", transport.label(), error.toString());
    }

    private Counter counter(Transport transport, int rcode) {
        if (rcode < 0 || rcode >= RCODES) {
            return register(transport, rcode);
        }
        Counter c = queries[transport.ordinal()][rcode];
        if (c == null) {
            c = register(transport, rcode); // benign race: registering twice returns the same meter
            queries[transport.ordinal()][rcode] = c;
        }
        return c;
    }

    private Counter register(Transport transport, int rcode) {
        return Counter.builder("vigil.dnsnode.queries")
                .description("DNS responses sent, by rcode and transport")
                .tag("rcode", Rcode.string(rcode)).tag("proto", transport.label()).register(registry);
    }
}
