package dev.vigil.dnsnode.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The flat index against a plain map, case by case: a build ({@code of}, first key wins), then changes
 * ({@code with}, null removes), and after each step every name, type, NXDOMAIN tail and absent name is checked.
 */
@Timeout(60)
class WireIndexTest {

    private static final WireIndex.NegativeTail TAIL = new WireIndex.NegativeTail(9, bytes("soa-of-example.test"));
    private static final WireIndex.NegativeTail OTHER_TAIL = new WireIndex.NegativeTail(6, bytes("soa-of-other"));

    /** A name, a case, and the build and changes it is put through. */
    record Scenario(List<byte[]> keys, List<WireIndex.Entry> entries, List<Map<WireIndex.Key, WireIndex.Entry>> changes,
                    List<byte[]> absent) {}

    static Stream<Arguments> scenarios() {
        List<Arguments> out = new ArrayList<>();
        out.add(Arguments.of("an empty zone", new Scenario(List.of(), List.of(),
                List.of(Map.of(), removals(name("gone.test."))), List.of(name("."), name("a.test.")))));
        out.add(Arguments.of("names whose 32-bit hashes collide", collisions()));
        out.add(Arguments.of("names differing only in case or in bytes lower() leaves alone", caseScenario()));
        out.add(Arguments.of("names at the maximum length of 255 octets", maxLength()));
        out.add(Arguments.of("many types per name, a type given twice, no type at all", manyTypes()));
        out.add(Arguments.of("shards growing across changes", growth()));
        out.add(Arguments.of("names removed, added back, then all removed", removals()));
        out.add(Arguments.of("NXDOMAIN tails: none, two zones, equal copies", tails()));
        out.add(Arguments.of("one shard crowded with names (slot collisions)", crowded()));
        out.add(Arguments.of("a key given twice keeps its first entry", duplicates()));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void answersLikeAPlainMap(String rule, Scenario scenario) {
        for (boolean parallel : new boolean[] {false, true}) {
            Map<WireIndex.Key, WireIndex.Entry> model = new LinkedHashMap<>();
            for (int i = 0; i < scenario.keys().size(); i++) {
                model.putIfAbsent(new WireIndex.Key(scenario.keys().get(i)), scenario.entries().get(i));
            }
            WireIndex index = WireIndex.of(scenario.keys().toArray(new byte[0][]),
                    scenario.entries().toArray(new WireIndex.Entry[0]), parallel);
            assertMatches(model, index, scenario.absent(), rule + " (built)");
            int step = 0;
            for (Map<WireIndex.Key, WireIndex.Entry> change : scenario.changes()) {
                change.forEach((key, entry) -> {
                    if (entry == null) {
                        model.remove(key);
                    } else {
                        model.put(key, entry);
                    }
                });
                WireIndex next = index.with(change);
                if (change.isEmpty()) {
                    assertSame(index, next, "no change, same index");
                }
                index = next;
                assertMatches(model, index, scenario.absent(), rule + " (change " + ++step + ")");
            }
        }
    }

    private static void assertMatches(Map<WireIndex.Key, WireIndex.Entry> model, WireIndex index, List<byte[]> absent,
                                      String what) {
        assertEquals(model.size(), index.size(), what + ": size");
        Map<WireIndex.Key, WireIndex.Entry> listed = new HashMap<>();
        index.forEach((key, entry) -> assertNull(listed.put(new WireIndex.Key(key), entry), what + ": listed twice"));
        assertEquals(model, listed, what + ": forEach");
        byte[] out = new byte[70_000];
        model.forEach((key, entry) -> {
            for (byte[] asked : List.of(key.wire(), upper(key.wire()))) {
                byte[] packet = inPacket(asked);
                assertEquals(entry, index.find(packet, 7, asked.length), what + ": find");
                long at = index.locate(packet, 7, asked.length);
                assertTrue(at >= 0, what + ": locate");
                int h = WireIndex.nameHash(packet, 7, asked.length);
                assertEquals(at, index.locate(packet, 7, asked.length, h), what + ": locate by a hash made earlier");
                long first = index.firstSlot(h);
                assertTrue(first != 0, what + ": a present name's first slot is taken");
                index.touchRecord(h, first); // in bounds: a slot always points at a record
                for (int i = 0; i < entry.qtypes().length; i++) {
                    int qtype = entry.qtypes()[i];
                    byte[] expected = entry.answer(qtype); // the first of a type given twice
                    assertEquals(expected.length, index.copyAnswer(at, qtype, out, expected.length), what);
                    assertArrayEquals(expected, Arrays.copyOf(out, expected.length), what + ": type " + qtype);
                    assertArrayEquals(expected, index.answer(packet, 7, asked.length, qtype), what);
                    if (expected.length > 0) {
                        assertEquals(-1, index.copyAnswer(at, qtype, out, expected.length - 1), what + ": limit");
                    }
                }
                assertEquals(-1, index.copyAnswer(at, 65_432, out, out.length), what + ": a type it lacks");
                assertNull(index.answer(packet, 7, asked.length, 65_432), what);
                assertTail(entry.negative(), index, at, what);
            }
        });
        for (byte[] name : absent) {
            if (!model.containsKey(new WireIndex.Key(name))) {
                assertNull(index.find(inPacket(name), 7, name.length), what + ": absent " + Arrays.toString(name));
                assertEquals(-1, index.locate(inPacket(name), 7, name.length), what + ": absent");
                int h = WireIndex.nameHash(inPacket(name), 7, name.length);
                assertEquals(-1, index.locate(inPacket(name), 7, name.length, h), what + ": absent, by its hash");
                index.touchRecord(h, index.firstSlot(h));
            }
        }
    }

    private static void assertTail(WireIndex.NegativeTail tail, WireIndex index, long at, String what) {
        byte[] out = new byte[100];
        if (tail == null) {
            assertEquals(-1, index.negativeOriginLength(at), what + ": no tail");
            assertEquals(-1, index.copyNegativeSoa(at, out, 3, out.length), what + ": no tail");
            return;
        }
        int length = tail.soaWithoutOwner().length;
        assertEquals(tail.originWireLength(), index.negativeOriginLength(at), what + ": origin length");
        assertEquals(length, index.copyNegativeSoa(at, out, 3, 3 + length), what + ": tail");
        assertArrayEquals(tail.soaWithoutOwner(), Arrays.copyOfRange(out, 3, 3 + length), what + ": tail bytes");
        assertEquals(-1, index.copyNegativeSoa(at, out, 3, 2 + length), what + ": tail over the limit");
    }

    @Test
    void aChangeCopiesOnlyTheShardsItTouches() {
        List<byte[]> keys = new ArrayList<>();
        List<WireIndex.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            keys.add(name("host" + i + ".example.test."));
            entries.add(entry("host" + i, TAIL, 1));
        }
        WireIndex index = WireIndex.of(keys.toArray(new byte[0][]), entries.toArray(new WireIndex.Entry[0]), true);
        WireIndex next = index.with(Map.of(new WireIndex.Key(keys.get(42)), entry("changed", TAIL, 1, 28)));
        assertEquals(index.shardCount() - 1, next.shardsSharedWith(index));
        assertEquals(entry("changed", TAIL, 1, 28), next.find(keys.get(42), 0, keys.get(42).length));
        assertEquals(entries.get(43), next.find(keys.get(43), 0, keys.get(43).length));
    }

    @Test
    void aNameLongerThan255OctetsIsRejected() {
        byte[] tooLong = new byte[256];
        assertThrows(IllegalArgumentException.class,
                () -> WireIndex.of(new byte[][] {tooLong}, new WireIndex.Entry[] {entry("x", null, 1)}, false));
    }

    // --- scenarios ---

    private static Scenario collisions() {
        List<byte[]> colliding = collidingNames(3);
        List<byte[]> keys = new ArrayList<>(colliding);
        List<WireIndex.Entry> entries = new ArrayList<>();
        for (int i = 0; i < colliding.size(); i++) {
            entries.add(entry("collide" + i, TAIL, 1, 16));
        }
        for (int i = 0; i < 100; i++) {
            keys.add(name("n" + i + ".hash.test."));
            entries.add(entry("n" + i, TAIL, 1));
        }
        return new Scenario(keys, entries, List.of(
                removals(colliding.get(0), colliding.get(2)),
                Map.of(new WireIndex.Key(colliding.get(0)), entry("back", null, 28)),
                Map.of(new WireIndex.Key(colliding.get(1)), entry("changed", OTHER_TAIL, 1, 15),
                        new WireIndex.Key(colliding.get(3)), entry("changed3", TAIL, 1))),
                List.of(colliding.get(2), name("missing.hash.test.")));
    }

    private static Scenario caseScenario() {
        byte[] high = name("x.test.");
        high[1] = (byte) 0xE1; // 'á' in Latin-1: not an ASCII letter, lower() leaves it and its 0xC1 neighbour alone
        byte[] highUpper = high.clone();
        highUpper[1] = (byte) 0xC1;
        byte[] bracket = name("{.test."); // '[' + 32 == '{' but '[' is not a letter
        byte[] bracketAsked = name("[.test.");
        return new Scenario(List.of(name("www.example.test."), name("www-example.test."), high, bracket),
                List.of(entry("www", TAIL, 1, 28), entry("dash", TAIL, 1), entry("high", null, 1), entry("brace", null, 16)),
                List.of(), List.of(highUpper, bracketAsked, name("www.example.tes."), name("ww.example.test.")));
    }

    private static Scenario maxLength() {
        byte[] longest = longName('a');
        byte[] other = longName('b');
        return new Scenario(List.of(longest, name("short.test.")), List.of(entry("long", TAIL, 1, 28), entry("short", TAIL, 1)),
                List.of(Map.of(new WireIndex.Key(other), entry("other", OTHER_TAIL, 16))),
                List.of(longName('c'), Arrays.copyOf(longest, 254)));
    }

    private static Scenario manyTypes() {
        int[] qtypes = new int[300];
        byte[][] answers = new byte[300][];
        for (int i = 0; i < qtypes.length; i++) {
            qtypes[i] = i < 299 ? i * 211 % 65_536 : 211; // the last one repeats type 211: the first answer wins
            answers[i] = bytes("type-" + i + "-".repeat(i % 7));
        }
        WireIndex.Entry many = new WireIndex.Entry(qtypes, answers, TAIL);
        WireIndex.Entry none = new WireIndex.Entry(new int[0], new byte[0][], TAIL);
        WireIndex.Entry large = new WireIndex.Entry(new int[] {16, 1}, new byte[][] {new byte[65_535], bytes("a")}, null);
        return new Scenario(List.of(name("many.test."), name("none.test."), name("large.test.")), List.of(many, none, large),
                List.of(Map.of(new WireIndex.Key(name("none.test.")), many)), List.of());
    }

    private static Scenario growth() {
        List<byte[]> keys = new ArrayList<>();
        List<WireIndex.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            keys.add(name("seed" + i + ".grow.test."));
            entries.add(entry("seed" + i, TAIL, 1));
        }
        List<Map<WireIndex.Key, WireIndex.Entry>> changes = new ArrayList<>();
        for (int step = 0; step < 5; step++) {
            Map<WireIndex.Key, WireIndex.Entry> change = new HashMap<>();
            for (int i = 0; i < 400; i++) {
                change.put(new WireIndex.Key(name("g" + step + "-" + i + ".grow.test.")), entry("g" + step + i, TAIL, 1, 28));
            }
            changes.add(change);
        }
        return new Scenario(keys, entries, changes, List.of(name("g9-1.grow.test.")));
    }

    private static Scenario removals() {
        List<byte[]> keys = new ArrayList<>();
        List<WireIndex.Entry> entries = new ArrayList<>();
        Map<WireIndex.Key, WireIndex.Entry> half = new HashMap<>();
        Map<WireIndex.Key, WireIndex.Entry> all = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            byte[] key = name("r" + i + ".gone.test.");
            keys.add(key);
            entries.add(entry("r" + i, i % 2 == 0 ? TAIL : null, 1));
            if (i % 2 == 0) {
                half.put(new WireIndex.Key(key), null);
            }
            all.put(new WireIndex.Key(key), null);
        }
        Map<WireIndex.Key, WireIndex.Entry> back = new HashMap<>();
        for (int i = 0; i < 300; i += 4) {
            back.put(new WireIndex.Key(keys.get(i)), entry("back" + i, OTHER_TAIL, 16));
        }
        List<byte[]> absent = new ArrayList<>(keys.subList(0, 20));
        return new Scenario(keys, entries, List.of(half, back, all, back), absent);
    }

    private static Scenario tails() {
        WireIndex.NegativeTail copy = new WireIndex.NegativeTail(TAIL.originWireLength(), TAIL.soaWithoutOwner().clone());
        List<byte[]> keys = new ArrayList<>();
        List<WireIndex.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 90; i++) {
            keys.add(name("t" + i + ".tails.test."));
            entries.add(entry("t" + i, switch (i % 4) { case 0 -> TAIL; case 1 -> OTHER_TAIL; case 2 -> copy; default -> null; }, 1));
        }
        return new Scenario(keys, entries, List.of(Map.of(new WireIndex.Key(keys.get(3)), entry("t3", TAIL, 1),
                new WireIndex.Key(keys.get(0)), entry("t0", null, 1))), List.of());
    }

    private static Scenario crowded() {
        List<byte[]> keys = new ArrayList<>();
        List<WireIndex.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 63; i++) { // under 64 names: one shard, so every name probes the same slots
            keys.add(name(i + ".c.test."));
            entries.add(entry("c" + i, TAIL, 1, 28));
        }
        List<byte[]> absent = new ArrayList<>();
        for (int i = 63; i < 200; i++) {
            absent.add(name(i + ".c.test."));
        }
        return new Scenario(keys, entries, List.of(removals(keys.get(5), keys.get(17))), absent);
    }

    private static Scenario duplicates() {
        byte[] key = name("twice.test.");
        return new Scenario(List.of(key, name("once.test."), key.clone()),
                List.of(entry("first", TAIL, 1), entry("once", TAIL, 1), entry("second", OTHER_TAIL, 1)),
                List.of(), List.of());
    }

    // --- helpers ---

    /** {@code count} pairs of distinct names with the same 32-bit hash (so the same shard, slot and tag). */
    private static List<byte[]> collidingNames(int count) {
        Map<Integer, byte[]> seen = new HashMap<>();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; out.size() < 2 * count; i++) {
            byte[] key = name("c" + i + ".hash.test.");
            byte[] earlier = seen.putIfAbsent(WireIndex.hash(key, 0, key.length), key);
            if (earlier != null) {
                out.add(earlier);
                out.add(key);
            }
        }
        return out;
    }

    private static Map<WireIndex.Key, WireIndex.Entry> removals(byte[]... keys) {
        Map<WireIndex.Key, WireIndex.Entry> out = new HashMap<>();
        for (byte[] key : keys) {
            out.put(new WireIndex.Key(key), null);
        }
        return out;
    }

    private static WireIndex.Entry entry(String seed, WireIndex.NegativeTail tail, int... qtypes) {
        byte[][] answers = new byte[qtypes.length][];
        for (int i = 0; i < qtypes.length; i++) {
            answers[i] = bytes(seed + "/" + qtypes[i] + "/" + "x".repeat(Math.abs(seed.hashCode() % 40)));
        }
        return new WireIndex.Entry(qtypes, answers, tail);
    }

    /** The lower-case wire form of a dotted name (no escapes). */
    private static byte[] name(String dotted) {
        if (dotted.equals(".")) {
            return new byte[1];
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (String label : dotted.substring(0, dotted.length() - 1).split("\\.")) {
            byte[] b = label.getBytes(StandardCharsets.ISO_8859_1);
            out.write(b.length);
            out.writeBytes(b);
        }
        out.write(0);
        return out.toByteArray();
    }

    /** 255 octets: labels of 63, 63, 63 and 61 octets and the root. */
    private static byte[] longName(char fill) {
        String l63 = String.valueOf(fill).repeat(63);
        byte[] wire = name(l63 + "." + l63 + "." + l63 + "." + String.valueOf(fill).repeat(61) + ".");
        assertEquals(255, wire.length);
        return wire;
    }

    private static byte[] upper(byte[] wire) {
        byte[] out = wire.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= 'a' && out[i] <= 'z') {
                out[i] -= 32;
            }
        }
        return out;
    }

    /** The name inside a dirty packet at offset 7, as a query carries it. */
    private static byte[] inPacket(byte[] name) {
        byte[] packet = new byte[7 + name.length + 9];
        new Random(name.length).nextBytes(packet);
        System.arraycopy(name, 0, packet, 7, name.length);
        return packet;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
