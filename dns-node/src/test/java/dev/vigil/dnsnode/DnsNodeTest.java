package dev.vigil.dnsnode;

import static dev.vigil.dnsnode.Fixtures.await;
import static dev.vigil.dnsnode.Fixtures.exampleZone;
import static dev.vigil.dnsnode.Fixtures.full;
import static dev.vigil.dnsnode.Fixtures.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dnsnode.sync.FakeController;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;

/** The whole node: DNS over the wire, fed by a real gRPC controller, observed over HTTP. */
@Timeout(60)
class DnsNodeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final HostPort ANY_LOOPBACK_PORT = new HostPort("127.0.0.1", 0);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private DnsNode start(List<HostPort> controllers) throws Exception {
        return DnsNode.start(new DnsNode.Config(ANY_LOOPBACK_PORT, controllers, dir, "dns-test",
                ANY_LOOPBACK_PORT, 2), Clock.systemUTC());
    }

    @Test
    void servesControllerAnswersAndReportsHealthAndMetrics() throws Exception {
        try (FakeController controller = new FakeController(0);
             DnsNode node = start(List.of(new HostPort("127.0.0.1", controller.port())))) {
            HttpResponse<String> notReady = get(node, "/health");
            assertEquals(503, notReady.statusCode(), notReady.body());
            assertTrue(notReady.body().contains("\"ready\":false"), notReady.body());
            assertEquals(Rcode.REFUSED, udp(node, "www.example.test.", "A").getRcode(), "nothing to serve yet");

            controller.awaitSubscription(WAIT);
            controller.push(full(5, exampleZone()));
            await("version 5", WAIT, () -> node.store().get().version().index() == 5);

            assertEquals(Rcode.NOERROR, udp(node, "www.example.test.", "A").getRcode());
            assertEquals(Rcode.NXDOMAIN, udp(node, "nope.example.test.", "A").getRcode());

            await("connected", WAIT, () -> node.sync().connectedCount() == 1);
            HttpResponse<String> health = get(node, "/health");
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains("\"version\":{\"term\":1,\"index\":5}"), health.body());
            assertTrue(health.body().contains("\"zones\":1"), health.body());
            assertTrue(health.body().contains("\"controllersConnected\":1"), health.body());
            assertTrue(health.body().contains("\"staleSeconds\":0.0"), health.body());

            String metrics = get(node, "/metrics").body();
            assertTrue(metrics.contains("vigil_dnsnode_queries_total{proto=\"udp\",rcode=\"NOERROR\"} 1.0"), metrics);
            assertTrue(metrics.contains("vigil_dnsnode_queries_total{proto=\"udp\",rcode=\"NXDOMAIN\"} 1.0"), metrics);
            assertTrue(metrics.contains("vigil_dnsnode_queries_total{proto=\"udp\",rcode=\"REFUSED\"} 1.0"), metrics);
            assertTrue(metrics.contains("vigil_dnsnode_answer_version 5.0"), metrics);
            assertTrue(metrics.contains("vigil_dnsnode_controllers_connected 1.0"), metrics);
            assertTrue(metrics.contains("vigil_dnsnode_state_age_seconds 0.0"), metrics);
            assertTrue(metrics.contains("vigil_dnsnode_malformed_total{proto=\"udp\"} 0.0"), metrics);
        }
    }

    @Test
    void restartedNodeServesPersistedStateBeforeAnyControllerAnswers() throws Exception {
        try (FakeController controller = new FakeController(0);
             DnsNode node = start(List.of(new HostPort("127.0.0.1", controller.port())))) {
            controller.awaitSubscription(WAIT);
            controller.push(full(7, exampleZone()));
            await("version 7", WAIT, () -> node.store().get().version().index() == 7);
        }
        try (DnsNode restarted = start(List.of(new HostPort("127.0.0.1", closedPort())))) {
            assertEquals(7, restarted.store().get().version().index());
            assertEquals(Rcode.NOERROR, udp(restarted, "www.example.test.", "A").getRcode());
            assertEquals(200, get(restarted, "/health").statusCode());
            assertEquals(0, restarted.sync().connectedCount());
            Message version = new SimpleResolver(new InetSocketAddress("127.0.0.1", restarted.dnsPort())).send(
                    Message.newQuery(org.xbill.DNS.Record.newRecord(org.xbill.DNS.Name.fromString("version.vigil."),
                            org.xbill.DNS.Type.TXT, org.xbill.DNS.DClass.CH)));
            assertEquals("\"index=7\" \"term=1\"", version.getSection(org.xbill.DNS.Section.ANSWER).getFirst().rdataToString(),
                    "the CHAOS query names the version served from disk");
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Message udp(DnsNode node, String name, String type) throws Exception {
        SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", node.dnsPort()));
        r.setTimeout(Duration.ofSeconds(3));
        return r.send(query(name, type));
    }

    private HttpResponse<String> get(DnsNode node, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .timeout(Duration.ofSeconds(3)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
