package dev.vigil.dnsnode.wire;

import static dev.vigil.dnsnode.Fixtures.query;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.dnsnode.Fixtures;
import dev.vigil.dnsnode.store.AnswerTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
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

    @ParameterizedTest(name = "udp-io {0}")
    @EnumSource(value = UdpIo.class, names = {"MMSG", "NETTY"})
    void startingAndClosingTwentyTimesLeavesNoThreadOrDescriptor(UdpIo udpIo) throws Exception {
        startAnswerClose(udpIo); // the first start loads classes and native libraries for good
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        long fdsBefore = openDescriptors();
        for (int i = 0; i < 20; i++) {
            startAnswerClose(udpIo);
        }
        Fixtures.await("the servers' threads to end", Duration.ofSeconds(10),
                () -> newThreads(threadsBefore).isEmpty());
        assertEquals(Set.of(), newThreads(threadsBefore));
        assertEquals(fdsBefore, openDescriptors(), "open file descriptors");
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

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
