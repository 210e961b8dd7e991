package dev.vigil.dnsnode.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.xbill.DNS.Name;

/** The fast name path gives exactly dnsjava's parse where it applies, and leaves everything else to the parser. */
@Timeout(10)
class PlainNameTest {

    static Stream<Arguments> plain() {
        return Stream.of(
                Arguments.of("a."),
                Arguments.of("www.example.test."),
                Arguments.of("*.wild.example.test."),
                Arguments.of("MiXeD.Case.Test."),
                Arguments.of("_sip._tcp.example.test."),
                Arguments.of("a-b.c~d!e$f.test."),
                Arguments.of("@.test."),
                Arguments.of("x".repeat(63) + ".test."),
                Arguments.of(("x".repeat(62) + ".").repeat(4).substring(0, 250) + "ab."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plain")
    void isTheParsersName(String text) throws Exception {
        Name parsed = Name.fromString(text, Name.root);
        Name fast = FeedCodec.plainName(text);
        assertNotNull(fast, text);
        assertEquals(parsed, fast);
        assertEquals(parsed.toString(), fast.toString());
        assertArrayEquals(parsed.toWire(), fast.toWire());
        assertEquals(parsed.labels(), fast.labels());
        assertEquals(parsed.hashCode(), fast.hashCode());
    }

    static Stream<Arguments> notPlain() {
        return Stream.of(
                Arguments.of("root", "."),
                Arguments.of("relative", "www.example"),
                Arguments.of("empty label", "a..test."),
                Arguments.of("leading dot", ".a.test."),
                Arguments.of("label of 64", "x".repeat(64) + ".test."),
                Arguments.of("longer than 255 octets", ("x".repeat(62) + ".").repeat(5)),
                Arguments.of("escaped dot", "a\\.b.test."),
                Arguments.of("decimal escape", "a\\065.test."),
                Arguments.of("space", "a b.test."),
                Arguments.of("non-ASCII", "bücher.test."),
                Arguments.of("empty", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notPlain")
    void leavesTheRestToTheParser(String rule, String text) {
        assertNull(FeedCodec.plainName(text), rule);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notPlain")
    void absoluteStillParsesOrRefusesThemAsBefore(String rule, String text) {
        Object before;
        try {
            before = text.endsWith(".") ? Name.fromString(text, Name.root) : "not absolute";
        } catch (Exception e) {
            before = "refused";
        }
        Object now;
        try {
            now = FeedCodec.absolute(text);
        } catch (InvalidUpdateException e) {
            now = text.endsWith(".") ? "refused" : "not absolute";
        }
        assertEquals(before, now, rule);
    }
}
