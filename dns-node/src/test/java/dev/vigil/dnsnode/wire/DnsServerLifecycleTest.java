package dev.vigil.dnsnode.wire;

import static dev.vigil.dnsnode.Fixtures.query;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.dnsnode.Fixtures;
import dev.vigil.dnsnode.store.AnswerTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.SimpleResolver;

/** Servers started and closed again and again leave no thread and no file descriptor behind. */
@Timeout(120)
class DnsServerLifecycleTest {

    private static final AnswerTable TABLE = Fixtures.exampleTable();
    private static final String SELF_FD = "/proc/" + ProcessHandle.current().pid() + "/fd";

    @ParameterizedTest(name = "udp-io {0}")
    @EnumSource(value = UdpIo.class, names = {"MMSG", "NETTY"})
    void startingAndClosingTwentyTimesLeavesNoThreadOrDescriptor(UdpIo udpIo) throws Exception {
        startAnswerClose(udpIo); // the first start loads classes and native libraries for good
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        Map<String, String> fdsBefore = openDescriptors();
        for (int i = 0; i < 20; i++) {
            startAnswerClose(udpIo);
        }
        assertEquals(Set.of(), settled(() -> newThreads(threadsBefore)), "threads left running");
        assertEquals(Map.of(), settled(() -> newDescriptors(fdsBefore)), "file descriptors left open");
    }

    /** What is left, polled until nothing is or 10 s have passed (Netty's threads end a little after close()). */
    private static <T> T settled(Supplier<T> leftovers) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        T left = leftovers.get();
        while (!isEmpty(left) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
            left = leftovers.get();
        }
        return left;
    }

    private static boolean isEmpty(Object leftovers) {
        return leftovers instanceof Map<?, ?> m ? m.isEmpty() : ((Set<?>) leftovers).isEmpty();
    }

    private static void startAnswerClose(UdpIo udpIo) throws Exception {
        try (DnsServer server = DnsServer.start(new InetSocketAddress("127.0.0.1", 0), 2,
                DnsServer.DEFAULT_TCP_CONNECTIONS, udpIo, new QueryHandler(() -> TABLE, QueryObserver.NONE),
                QueryObserver.NONE)) {
            assertEquals(udpIo, server.udpIo());
            SimpleResolver resolver = new SimpleResolver(new InetSocketAddress("127.0.0.1", server.port()));
            resolver.setTimeout(Duration.ofSeconds(3));
            Message response = resolver.send(query("www.example.test.", "A"));
            assertEquals(Rcode.NOERROR, response.getRcode());
        }
    }

    /** Live threads not alive before, by name (the UDP workers are vigil-udp-PORT-N). */
    private static Set<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !before.contains(t))
                .map(Thread::getName)
                .collect(Collectors.toSet());
    }

    /**
     * Descriptors open now that were not before (number and target, e.g. {@code socket:[123]}): descriptors that
     * earlier tests' leftovers close meanwhile do not hide a leak, a reused number with a new socket does not either.
     */
    private static Map<String, String> newDescriptors(Map<String, String> before) {
        Map<String, String> now = openDescriptors();
        now.entrySet().removeIf(e -> e.getValue().equals(before.get(e.getKey())));
        return now;
    }

    private static Map<String, String> openDescriptors() {
        Map<String, String> fds = new HashMap<>();
        try (Stream<Path> list = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : list.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (!target.equals(SELF_FD)) { // the listing's own directory descriptor
                        fds.put(fd.getFileName().toString(), target);
                    }
                } catch (IOException e) {
                    // closed between listing and reading
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fds;
    }
}
