package dev.vigil.dnsnode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.dnsnode.wire.UdpIo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

@Timeout(10)
class DnsNodeMainTest {

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of(new String[] {"--listen", "127.0.0.1:5353", "--controllers", "127.0.0.1:7000", "--foo"},
                        "vigil dns-node: unknown option '--foo' (see --help)"),
                Arguments.of(new String[] {"--bogus"}, "vigil dns-node: unknown option '--bogus' (see --help)"),
                Arguments.of(new String[] {"--listen", "nope", "--controllers", "127.0.0.1:7000"},
                        "vigil dns-node: --listen: 'nope' is not HOST:PORT (see --help)"),
                Arguments.of(new String[] {"--listen", "127.0.0.1:53", "--controllers", "127.0.0.1:7000,x:y"},
                        "vigil dns-node: --controllers: 'x:y' is not HOST:PORT (bad port) (see --help)"),
                Arguments.of(new String[] {"--listen", "::1:53", "--controllers", "127.0.0.1:7000"},
                        "vigil dns-node: --listen: '::1:53' is not HOST:PORT (write IPv6 as [::1]:53) (see --help)"),
                Arguments.of(new String[] {"--listen", "127.0.0.1:53", "--controllers", "127.0.0.1:7000",
                        "--udp-workers", "0"},
                        "vigil dns-node: --udp-workers: 0 is not within 1..64 (see --help)"),
                Arguments.of(new String[] {"--listen", "127.0.0.1:53", "--controllers", "127.0.0.1:7000",
                        "--udp-workers", "-1"},
                        "vigil dns-node: --udp-workers: -1 is not within 1..64 (see --help)"),
                Arguments.of(new String[] {"--listen", "127.0.0.1:53", "--controllers", "127.0.0.1:7000",
                        "--udp-io", "epoll"},
                        "vigil dns-node: --udp-io: 'epoll' is not auto, mmsg or netty (see --help)"));
    }

    @ParameterizedTest
    @MethodSource("badArguments")
    void badArgumentsPrintOneLineAndExit2(String[] args, String expected) {
        StringWriter err = new StringWriter();
        int code = DnsNodeMain.execute(args, new PrintWriter(new StringWriter()), new PrintWriter(err, true));
        assertEquals(2, code);
        assertEquals(expected, err.toString().strip());
        assertEquals(1, err.toString().strip().lines().count());
    }

    @Test
    void missingRequiredOptionIsOneLineExit2() {
        StringWriter err = new StringWriter();
        int code = DnsNodeMain.execute(new String[] {"--listen", "127.0.0.1:53"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err, true));
        assertEquals(2, code);
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("vigil dns-node: ") && err.toString().contains("--controllers"),
                err.toString());
    }

    @Test
    void helpListsTheFlags() {
        StringWriter out = new StringWriter();
        int code = DnsNodeMain.execute(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter()));
        assertEquals(0, code);
        for (String flag : new String[] {"--listen", "--controllers", "--data", "--id", "--http", "--udp-io"}) {
            assertTrue(out.toString().contains(flag), flag);
        }
    }

    @Test
    void defaultsDataDirAndIdFromTheListenAddress() {
        DnsNodeMain main = new DnsNodeMain();
        new CommandLine(main).parseArgs("--listen", "127.0.0.1:5353", "--controllers", "127.0.0.1:7000,[::1]:7001");
        DnsNode.Config config = main.config();
        assertEquals(Path.of(".vigil", "dns-node-5353"), config.data());
        assertEquals("dns-127.0.0.1-5353", config.id());
        assertEquals(new HostPort("::1", 7001), config.controllers().get(1));
        assertEquals(2, config.udpWorkers());
        assertEquals(UdpIo.AUTO, config.udpIo());
    }

    @Test
    void udpIoIsChosenByName() {
        for (UdpIo io : UdpIo.values()) {
            DnsNodeMain main = new DnsNodeMain();
            new CommandLine(main).parseArgs("--listen", "127.0.0.1:5353", "--controllers", "127.0.0.1:7000",
                    "--udp-io", io.label());
            assertEquals(io, main.config().udpIo());
        }
    }
}
