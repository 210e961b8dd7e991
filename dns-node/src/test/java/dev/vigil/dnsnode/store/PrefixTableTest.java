package dev.vigil.dnsnode.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Longest-prefix match over flattened ranges: nesting, both families, the /0, /32 and /128 edges. */
@Timeout(30)
class PrefixTableTest {

    /** label:length of the best match, or "none". */
    static Stream<Arguments> lookups() {
        List<String> v4 = List.of("0.0.0.0/0=0", "10.0.0.0/8=1", "10.1.0.0/16=2", "10.1.2.0/24=3", "10.1.2.3/32=4",
                "10.255.255.255/32=5", "192.0.2.0/24=6");
        List<String> v6 = List.of("2001:db8::/32=0", "2001:db8:1::/48=1", "2001:db8:1::1/128=2",
                "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128=3", "8000::/1=4");
        return Stream.of(
                Arguments.of("nested /32 inside /24 inside /16 inside /8", v4, "10.1.2.3", "4:32"),
                Arguments.of("next address after a /32 falls back to its /24", v4, "10.1.2.4", "3:24"),
                Arguments.of("address before a /32 inside the /24", v4, "10.1.2.2", "3:24"),
                Arguments.of("first address of the /24", v4, "10.1.2.0", "3:24"),
                Arguments.of("last address of the /24", v4, "10.1.2.255", "3:24"),
                Arguments.of("after the /24, inside the /16", v4, "10.1.3.0", "2:16"),
                Arguments.of("before the /16, inside the /8", v4, "10.0.255.255", "1:8"),
                Arguments.of("a /32 at the very end of the /8", v4, "10.255.255.255", "5:32"),
                Arguments.of("just before it", v4, "10.255.255.254", "1:8"),
                Arguments.of("after the /8: the /0", v4, "11.0.0.0", "0:0"),
                Arguments.of("lowest address: the /0", v4, "0.0.0.0", "0:0"),
                Arguments.of("highest address: the /0", v4, "255.255.255.255", "0:0"),
                Arguments.of("a sibling block", v4, "192.0.2.77", "6:24"),
                Arguments.of("no /0: uncovered", List.of("10.0.0.0/8=1"), "11.0.0.1", "none"),
                Arguments.of("no /0: below every block", List.of("10.0.0.0/8=1"), "9.255.255.255", "none"),
                Arguments.of("empty table", List.of(), "10.0.0.1", "none"),
                Arguments.of("v6 /128 inside /48 inside /32", v6, "2001:db8:1::1", "2:128"),
                Arguments.of("v6 next to the /128", v6, "2001:db8:1::2", "1:48"),
                Arguments.of("v6 inside /32 only", v6, "2001:db8:2::1", "0:32"),
                Arguments.of("v6 uncovered low half", v6, "2001:db9::", "none"),
                Arguments.of("v6 upper half /1", v6, "8000::1", "4:1"),
                Arguments.of("v6 highest address, a /128 inside the /1", v6, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "3:128"),
                Arguments.of("v6 lowest address", v6, "::", "none"),
                Arguments.of("v6 /0", List.of("::/0=7"), "1234::", "7:0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lookups")
    void findsTheLongestMatchingPrefix(String rule, List<String> prefixes, String address, String expected) throws Exception {
        byte[] a = InetAddress.getByName(address).getAddress();
        PrefixTable table = PrefixTable.of(a.length * 8, parse(prefixes, a.length));
        long match = table.lookup(hi(a), lo(a));
        assertEquals(expected, match == PrefixTable.NO_MATCH ? "none"
                : PrefixTable.label(match) + ":" + PrefixTable.length(match), rule);
    }

    @Test
    void agreesWithABruteForceLongestMatchOnRandomNestedPrefixes() throws Exception {
        Random random = new Random(7871);
        for (int bits : new int[] {32, 128}) {
            List<PrefixTable.Prefix> prefixes = new ArrayList<>();
            java.util.Set<String> seen = new java.util.HashSet<>();
            while (prefixes.size() < 300) {
                int length = random.nextInt(bits + 1);
                // Few top bits vary, so the blocks nest and collide often.
                byte[] address = truncate(randomAddress(random, bits), length);
                if (seen.add(new BigInteger(1, address) + "/" + length)) {
                    prefixes.add(new PrefixTable.Prefix(address, length, prefixes.size()));
                }
            }
            PrefixTable table = PrefixTable.of(bits, prefixes);
            for (int i = 0; i < 20_000; i++) {
                byte[] a = randomAddress(random, bits);
                long expected = PrefixTable.NO_MATCH;
                int best = -1;
                for (PrefixTable.Prefix p : prefixes) {
                    if (p.length() > best && java.util.Arrays.equals(truncate(a, p.length()), p.address())) {
                        best = p.length();
                        expected = ((long) p.label() << 8) | p.length();
                    }
                }
                assertEquals(expected, table.lookup(hi(a), lo(a)), "bits " + bits + " address " + new BigInteger(1, a).toString(16));
            }
        }
    }

    @Test
    void refusesAPrefixGivenTwice() {
        List<PrefixTable.Prefix> twice = List.of(new PrefixTable.Prefix(new byte[] {10, 0, 0, 0}, 8, 0),
                new PrefixTable.Prefix(new byte[] {10, 0, 0, 0}, 8, 1));
        assertThrows(InvalidUpdateException.class, () -> PrefixTable.of(32, twice));
    }

    /** Addresses whose top 12 bits come from a small set, the rest random: prefixes nest and share ranges. */
    private static byte[] randomAddress(Random random, int bits) {
        byte[] a = new byte[bits / 8];
        random.nextBytes(a);
        a[0] = (byte) (random.nextInt(4) << 6);
        a[1] = (byte) ((a[1] & 0x0F) | (random.nextInt(2) << 4));
        return a;
    }

    private static byte[] truncate(byte[] a, int length) {
        byte[] out = a.clone();
        for (int bit = length; bit < out.length * 8; bit++) {
            out[bit >>> 3] &= (byte) ~(0x80 >>> (bit & 7));
        }
        return out;
    }

    private static List<PrefixTable.Prefix> parse(List<String> prefixes, int size) throws Exception {
        List<PrefixTable.Prefix> out = new ArrayList<>();
        for (String p : prefixes) {
            String[] cidrLabel = p.split("=");
            String[] cidr = cidrLabel[0].split("/");
            byte[] address = InetAddress.getByName(cidr[0]).getAddress();
            if (address.length == size) {
                out.add(new PrefixTable.Prefix(address, Integer.parseInt(cidr[1]), Integer.parseInt(cidrLabel[1])));
            }
        }
        return out;
    }

    static long hi(byte[] a) {
        return a.length == 4 ? 0 : new BigInteger(1, java.util.Arrays.copyOf(a, 8)).longValue();
    }

    static long lo(byte[] a) {
        return a.length == 4 ? new BigInteger(1, a).longValue()
                : new BigInteger(1, java.util.Arrays.copyOfRange(a, 8, 16)).longValue();
    }
}
