package dev.vigil.dnsnode.conformance;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * NSD (NLnet Labs) run as a reference server on a loopback port: installed from Debian's packages when
 * missing (the test machine runs as root; CI installs it in .ci/run), started in the foreground with a
 * minimal-responses config, stopped by the PIDs this class started.
 */
final class Nsd implements AutoCloseable {

    private static final Path BINARY = Path.of("/usr/sbin/nsd");

    private final Process process;
    final int port;

    private Nsd(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Why NSD cannot be used here, or empty when it is installed (installing it first if possible). */
    static Optional<String> ensureInstalled() throws InterruptedException {
        if (Files.isExecutable(BINARY)) {
            return Optional.empty();
        }
        if (!"root".equals(System.getProperty("user.name")) || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return Optional.of("nsd is not installed and this is not a root Debian machine (run: apt-get install -y nsd)");
        }
        try {
            ProcessBuilder pb = new ProcessBuilder("apt-get", "install", "-y", "-q", "nsd").redirectErrorStream(true);
            pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process apt = pb.start();
            String output = new String(apt.getInputStream().readAllBytes());
            if (!apt.waitFor(5, TimeUnit.MINUTES) || apt.exitValue() != 0 || !Files.isExecutable(BINARY)) {
                return Optional.of("`apt-get install -y nsd` failed: " + output.lines().reduce((a, b) -> b).orElse(""));
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("`apt-get install -y nsd` could not run: " + e.getMessage());
        }
    }

    /** Starts NSD serving {@code zoneFile} as {@code origin} from {@code dir}; waits until it answers. */
    static Nsd start(Path dir, String origin, Path zoneFile, Duration timeout) throws Exception {
        int port = freePort();
        Path conf = dir.resolve("nsd.conf");
        Files.writeString(conf, String.join("\n", List.of(
                "server:",
                "    ip-address: 127.0.0.1@" + port,
                "    server-count: 1",
                "    username: \"\"",
                "    chroot: \"\"",
                "    database: \"\"",
                "    zonelistfile: \"" + dir.resolve("zone.list") + "\"",
                "    xfrdfile: \"" + dir.resolve("xfrd.state") + "\"",
                "    xfrdir: \"" + dir + "\"",
                "    pidfile: \"" + dir.resolve("nsd.pid") + "\"",
                "    zonesdir: \"" + dir + "\"",
                "    verbosity: 1",
                "    do-ip6: no",
                "    rrl-ratelimit: 0",
                "    rrl-whitelist-ratelimit: 0",
                "    minimal-responses: yes",
                "remote-control:",
                "    control-enable: no",
                "zone:",
                "    name: " + origin,
                "    zonefile: \"" + zoneFile + "\"",
                "")));
        Process p = new ProcessBuilder(BINARY.toString(), "-d", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nsd.log").toFile()).start();
        Nsd nsd = new Nsd(p, port);
        try {
            DnsClient.awaitAnswer(new InetSocketAddress("127.0.0.1", port), origin, timeout);
        } catch (Exception | AssertionError e) {
            nsd.close();
            throw new IllegalStateException("NSD did not answer; log: " + Files.readString(dir.resolve("nsd.log")), e);
        }
        return nsd;
    }

    /** A port free for both UDP and TCP right now (NSD binds both). */
    private static int freePort() throws IOException {
        for (int attempt = 0; ; attempt++) {
            try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                int port = udp.getLocalPort();
                try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return port;
                } catch (IOException busy) {
                    if (attempt > 20) {
                        throw busy;
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        // Only what we started: the process and its descendants (NSD forks its main and server processes).
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
    }
}
