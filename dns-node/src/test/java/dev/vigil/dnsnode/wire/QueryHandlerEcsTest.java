package dev.vigil.dnsnode.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.dnsnode.Fixtures;
import dev.vigil.dnsnode.SelectiveFixtures;
import dev.vigil.dnsnode.resolve.AnswerPrecompiler;
import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.FeedCodec;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;

/** RFC 7871: a malformed client subnet option gets FORMERR, for per-query and static names, over UDP and TCP. */
@Timeout(30)
class QueryHandlerEcsTest {

    private static final AnswerTable TABLE = AnswerPrecompiler.compile(FeedCodec.fromSnapshot(SelectiveFixtures.full(2)).state());

    /** ECS option data in hex (FAMILY, SOURCE, SCOPE, ADDRESS), or several options separated by '|'. */
    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("SCOPE PREFIX-LENGTH not 0 in a query", "0001 18 08 0a0102"),
                Arguments.of("unknown FAMILY 3", "0003 18 00 0a0102"),
                Arguments.of("FAMILY 0", "0000 00 00"),
                Arguments.of("IPv4 SOURCE above 32", "0001 21 00 0a010203ff"),
                Arguments.of("IPv6 SOURCE above 128", "0002 81 00 20010db8000000000000000000000000ff"),
                Arguments.of("too many ADDRESS octets", "0001 10 00 0a0102"),
                Arguments.of("too few ADDRESS octets", "0001 18 00 0a01"),
                Arguments.of("bits set beyond SOURCE", "0001 17 00 0a0103"),
                Arguments.of("shorter than its fixed fields", "0001 18"),
                Arguments.of("two client subnet options", "0001 18 00 0a0102|0001 10 00 0a01"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedClientSubnetGetsFormErr(String rule, String options) throws Exception {
        for (String name : List.of("geo." + SelectiveFixtures.ORIGIN, "a." + SelectiveFixtures.ORIGIN)) {
            Message q = Fixtures.query(name, "A");
            List<EDNSOption> list = Stream.of(options.split("\\|"))
                    .map(hex -> (EDNSOption) new GenericEDNSOption(8, HexFormat.of().parseHex(hex.replace(" ", "")))).toList();
            q.addRecord(new OPTRecord(1232, 0, 0, 0, list), Section.ADDITIONAL);
            byte[] packet = q.toWire();
            QueryHandler handler = new QueryHandler(() -> TABLE, QueryObserver.NONE, 1232);
            for (Transport transport : Transport.values()) {
                byte[] response = handler.handle(packet, transport, InetAddress.getLoopbackAddress());
                Message m = new Message(response);
                assertEquals(Rcode.FORMERR, m.getRcode(), rule + " " + name + " " + transport);
                assertEquals(q.getHeader().getID(), m.getHeader().getID());
            }
        }
    }
}
