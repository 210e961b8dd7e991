package dev.vigil.dnsnode;

import dev.vigil.dnsnode.ops.NodeMetrics;
import dev.vigil.dnsnode.ops.NodeStatus;
import dev.vigil.dnsnode.ops.OpsHttpServer;
import dev.vigil.dnsnode.resolve.AnswerPrecompiler;
import dev.vigil.dnsnode.resolve.Resolver;
import dev.vigil.dnsnode.store.AnswerStore;
import dev.vigil.dnsnode.store.StateFile;
import dev.vigil.dnsnode.sync.AnswerApplier;
import dev.vigil.dnsnode.sync.FeedSync;
import dev.vigil.dnsnode.wire.DnsServer;
import dev.vigil.dnsnode.wire.QueryHandler;
import dev.vigil.dnsnode.wire.UdpIo;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running dns-node: persisted state loaded first, then DNS listeners, controller feeds and the ops endpoint. */
public final class DnsNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DnsNode.class);

    /** Everything the node needs to start; {@code http} may be null. */
    public record Config(HostPort listen, List<HostPort> controllers, Path data, String id, HostPort http, int udpWorkers,
                         int maxUdpPayload, int tcpMaxConnections, UdpIo udpIo) {
        public Config {
            controllers = List.copyOf(controllers);
        }

        public Config(HostPort listen, List<HostPort> controllers, Path data, String id, HostPort http, int udpWorkers) {
            this(listen, controllers, data, id, http, udpWorkers, Resolver.MAX_UDP_PAYLOAD, DnsServer.DEFAULT_TCP_CONNECTIONS,
                    UdpIo.AUTO);
        }
    }

    private final AnswerStore store;
    private final DnsServer dns;
    private final FeedSync sync;
    private final OpsHttpServer http;

    private DnsNode(AnswerStore store, DnsServer dns, FeedSync sync, OpsHttpServer http) {
        this.store = store;
        this.dns = dns;
        this.sync = sync;
        this.http = http;
    }

    public static DnsNode start(Config config, Clock clock) throws IOException, InterruptedException {
        AnswerStore store = new AnswerStore(new StateFile(config.data()),
                (state, previous) -> previous == null ? AnswerPrecompiler.compile(state)
                        : AnswerPrecompiler.compile(state, previous),
                AnswerPrecompiler::restore);
        store.loadPersisted(); // static stability: serve the last known-good answers before any controller answers
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        NodeMetrics metrics = new NodeMetrics(registry);
        DnsServer dns = DnsServer.start(config.listen().resolved(), config.udpWorkers(), config.tcpMaxConnections(),
                config.udpIo(), new QueryHandler(store, metrics, config.maxUdpPayload()), metrics);
        FeedSync sync = new FeedSync(config.controllers().stream().map(HostPort::unresolved).toList(),
                config.id(), new AnswerApplier(store, clock), clock);
        OpsHttpServer http = null;
        try {
            sync.start();
            NodeStatus status = new NodeStatus(store, sync, clock);
            metrics.bind(status);
            if (config.http() != null) {
                http = OpsHttpServer.start(config.http().resolved(), status, registry);
            }
        } catch (IOException | RuntimeException e) {
            sync.close();
            dns.close();
            throw e;
        }
        log.info("event=node.started id={} listen={} controllers={} version={} data={}", config.id(),
                config.listen().host() + ":" + dns.port(), config.controllers(), store.get().version(), config.data());
        return new DnsNode(store, dns, sync, http);
    }

    public int dnsPort() {
        return dns.port();
    }

    /** The ops HTTP port, or -1 without --http. */
    public int httpPort() {
        return http == null ? -1 : http.port();
    }

    public AnswerStore store() {
        return store;
    }

    public FeedSync sync() {
        return sync;
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
        sync.close();
        dns.close();
        store.close(java.time.Duration.ofSeconds(30));
        log.info("event=node.stopped version={}", store.get().version());
    }
}
