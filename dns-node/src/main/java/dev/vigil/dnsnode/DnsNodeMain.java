package dev.vigil.dnsnode;

import dev.vigil.dnsnode.wire.UdpIo;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil dns-node}: the authoritative DNS server fed by the controllers. */
@Command(name = "vigil dns-node", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Authoritative DNS server answering from the versions pushed by the Vigil controllers.")
public final class DnsNodeMain implements Callable<Integer> {

    static final String PREFIX = "vigil dns-node: ";

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "DNS address, UDP and TCP (e.g. 127.0.0.1:5353, [::1]:53).")
    HostPort listen;

    @Option(names = "--controllers", required = true, split = ",", paramLabel = "HOST:PORT",
            converter = HostPortConverter.class, description = "Every controller's AnswerFeed address, comma separated.")
    List<HostPort> controllers;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Where the last applied state is kept (default .vigil/dns-node-<listen port>).")
    Path data;

    @Option(names = "--id", paramLabel = "ID", description = "Node id sent to controllers (default dns-<host>-<port>).")
    String id;

    @Option(names = "--http", paramLabel = "HOST:PORT", converter = HostPortConverter.class,
            description = "Serve /health and /metrics here (optional).")
    HostPort http;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    int udpWorkers = 2;

    @Option(names = "--udp-workers", paramLabel = "N", defaultValue = "2",
            description = "Event-loop threads; with epoll one SO_REUSEPORT UDP socket each (default ${DEFAULT-VALUE}).")
    void udpWorkers(int n) {
        if (n < 1 || n > 64) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--udp-workers: " + n + " is not within 1..64");
        }
        udpWorkers = n;
    }

    int maxUdpSize = 1232;

    @Option(names = "--max-udp-size", paramLabel = "BYTES", defaultValue = "1232",
            description = "Largest UDP response, 512..4096; larger answers are truncated (TC) for a TCP retry (default ${DEFAULT-VALUE}).")
    void maxUdpSize(int n) {
        if (n < 512 || n > 4096) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-udp-size: " + n + " is not within 512..4096");
        }
        maxUdpSize = n;
    }

    int tcpMaxConnections = 256;

    @Option(names = "--tcp-max-connections", paramLabel = "N", defaultValue = "256",
            description = "Open TCP connections at most; more are closed on accept (default ${DEFAULT-VALUE}).")
    void tcpMaxConnections(int n) {
        if (n < 1 || n > 65536) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tcp-max-connections: " + n + " is not within 1..65536");
        }
        tcpMaxConnections = n;
    }

    @Option(names = "--udp-io", paramLabel = "auto|mmsg|netty", defaultValue = "auto", converter = UdpIoConverter.class,
            description = "UDP I/O: mmsg = a blocking recvmmsg/sendmmsg thread per socket (JDK 22+, Linux x86_64/aarch64); "
                    + "netty = Netty epoll (NIO without epoll); auto = mmsg where it runs, else netty (default ${DEFAULT-VALUE}).")
    UdpIo udpIo = UdpIo.AUTO;

    public static void main(String[] args) {
        if (System.getProperty("io.netty.leakDetection.level") == null) {
            // Sampled leak tracking records a stack trace for some buffers on the query path; tests keep it on.
            io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.DISABLED);
        }
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Parses and runs; returns the exit code (2: bad arguments, 1: could not start). */
    static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new DnsNodeMain());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setParameterExceptionHandler((ex, a) -> {
            err.println(PREFIX + CliErrors.oneLine(ex, a) + " (see --help)");
            return 2;
        });
        cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
            err.println(PREFIX + CliErrors.firstLine(ex));
            return 1;
        });
        return cmd.execute(args);
    }

    DnsNode.Config config() {
        Path dir = data != null ? data : Path.of(".vigil", "dns-node-" + listen.port());
        String nodeId = id != null ? id : "dns-" + listen.host() + "-" + listen.port();
        return new DnsNode.Config(listen, controllers, dir, nodeId, http, udpWorkers, maxUdpSize, tcpMaxConnections, udpIo);
    }

    @Override
    public Integer call() throws Exception {
        DnsNode node = DnsNode.start(config(), Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "vigil-shutdown"));
        stopped.await();
        return 0;
    }

    /** Picocli converter for --udp-io (lower case, as documented). */
    static final class UdpIoConverter implements CommandLine.ITypeConverter<UdpIo> {
        @Override
        public UdpIo convert(String value) {
            for (UdpIo io : UdpIo.values()) {
                if (io.label().equals(value)) {
                    return io;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not auto, mmsg or netty");
        }
    }

    /** Picocli converter for HOST:PORT values. */
    static final class HostPortConverter implements CommandLine.ITypeConverter<HostPort> {
        @Override
        public HostPort convert(String value) {
            try {
                return HostPort.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
