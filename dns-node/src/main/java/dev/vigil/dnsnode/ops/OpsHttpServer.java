package dev.vigil.dnsnode.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.sync.FeedSync;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GET /health (200 when ready, 503 otherwise; JSON) and GET /metrics (Prometheus text). */
public final class OpsHttpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OpsHttpServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static OpsHttpServer start(InetSocketAddress listen, NodeStatus status, PrometheusMeterRegistry registry)
            throws IOException {
        HttpServer server = HttpServer.create(listen, 16);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "vigil-ops-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/health", ex -> respond(ex, status.ready() ? 200 : 503, "application/json",
                healthJson(status)));
        server.createContext("/metrics", ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8",
                registry.scrape()));
        server.start();
        log.info("event=http.listening address={}:{}", server.getAddress().getHostString(), server.getAddress().getPort());
        return new OpsHttpServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    static String healthJson(NodeStatus status) {
        AnswerTable table = status.table();
        StringBuilder json = new StringBuilder(256);
        json.append("{\"ready\":").append(status.ready());
        if (!status.ready()) {
            json.append(",\"notReady\":[\"no answer state loaded from disk or applied from a controller\"]");
        }
        json.append(",\"version\":{\"term\":").append(table.version().term())
                .append(",\"index\":").append(table.version().index()).append('}')
                .append(",\"zones\":").append(table.zoneCount())
                .append(",\"staleSeconds\":").append(status.stalenessSeconds())
                .append(",\"stateProducedSecondsAgo\":").append(status.producedAgeSeconds())
                .append(",\"controllersConnected\":").append(status.connectedControllers())
                .append(",\"controllers\":[");
        String sep = "";
        for (FeedSync.ControllerStatus c : status.controllers()) {
            json.append(sep).append("{\"address\":\"").append(escape(c.address()))
                    .append("\",\"connected\":").append(c.connected())
                    .append(",\"lastContact\":").append(c.lastContact() == null ? "null" : "\"" + c.lastContact() + "\"")
                    .append('}');
            sep = ",";
        }
        return json.append("]}").toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void respond(HttpExchange ex, int code, String type, String body) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
