package dev.vigil.dnsnode.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * Answers compiled to wire format, found by the query name's wire bytes without parsing or allocating. The names
 * are split into shards of ~32 by their hash; each shard is one byte array ({@link WireShard}) holding its hash
 * slots, and next to each other every name's key, qtypes and whole responses, so a lookup reads the slot and
 * then one record instead of following a chain of objects the kernel's network path has evicted from the caches.
 * Immutable once built; one is compiled with each {@link AnswerTable} and swapped in with it, and a change copies
 * only the shards of the names it touches.
 */
public final class WireIndex {

    public static final WireIndex EMPTY = of(new byte[0][], new Entry[0], false);

    /**
     * Precompiled responses at one name: {@code answers[i]} answers {@code qtypes[i]} (a whole response with ID 0,
     * RD clear, the question in lower case and no OPT record). {@code negative} is the zone's NXDOMAIN tail, or
     * null when a missing name below this one needs the full resolver (wildcards, delegations, no SOA). Equal
     * when their contents are: the index stores bytes, so an entry read back is a copy.
     */
    public record Entry(int[] qtypes, byte[][] answers, NegativeTail negative) {
        public byte[] answer(int qtype) {
            for (int i = 0; i < qtypes.length; i++) {
                if (qtypes[i] == qtype) {
                    return answers[i];
                }
            }
            return null;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Entry e && Arrays.equals(qtypes, e.qtypes) && Arrays.deepEquals(answers, e.answers)
                    && java.util.Objects.equals(negative, e.negative);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(qtypes) * 31 + Arrays.deepHashCode(answers);
        }
    }

    /**
     * What follows the question in an NXDOMAIN response: the SOA record without its owner (type, class, TTL,
     * RDLENGTH, uncompressed RDATA). The owner is a compression pointer to the origin inside the question.
     */
    public record NegativeTail(int originWireLength, byte[] soaWithoutOwner) {
        @Override
        public boolean equals(Object o) {
            return o instanceof NegativeTail t && originWireLength == t.originWireLength
                    && Arrays.equals(soaWithoutOwner, t.soaWithoutOwner);
        }

        @Override
        public int hashCode() {
            return originWireLength * 31 + Arrays.hashCode(soaWithoutOwner);
        }
    }

    /** A lower-case wire name as a map key. */
    public record Key(byte[] wire) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Arrays.equals(wire, other.wire);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(wire);
        }
    }

    /** Entries per shard, about: a change copies the shards of the names it touches, nothing else. */
    private static final int PER_SHARD = 32;

    private final byte[][] shards;
    private final int[] masks;
    private final int bits;
    private final int size;

    private WireIndex(byte[][] shards, int[] masks, int bits, int size) {
        this.shards = shards;
        this.masks = masks;
        this.bits = bits;
        this.size = size;
    }

    /**
     * Where the record of the wire name at {@code packet[offset, offset+length)} is (compared case-insensitively),
     * for {@link #copyAnswer} and the negative-tail readers; -1 when the name is not in the index.
     */
    public long locate(byte[] packet, int offset, int length) {
        return locate(packet, offset, length, hash(packet, offset, length));
    }

    /** {@link #locate} for a name whose {@link #nameHash} the caller already has. */
    public long locate(byte[] packet, int offset, int length, int h) {
        int s = shard(h, bits);
        byte[] shard = shards[s];
        int mask = masks[s];
        int slot = h & mask;
        while (true) {
            long v = (long) WireShard.LONG.get(shard, slot << 3);
            if (v == 0) {
                return -1;
            }
            int r = (int) v;
            if ((int) (v >>> 32) == h && (shard[r] & 0xFF) == length && equalsIgnoreCase(shard, r + 1, packet, offset, length)) {
                return ((long) s << 32) | r;
            }
            slot = (slot + 1) & mask;
        }
    }

    /**
     * The hash {@link #locate} looks the wire name at {@code packet[offset, offset+length)} up by (case-insensitive).
     */
    public static int nameHash(byte[] packet, int offset, int length) {
        return hash(packet, offset, length);
    }

    /**
     * The first hash slot a lookup of {@code h} reads (0: empty), read now so that its cache miss is taken here.
     * A batch of queries calls this for each query, then {@link #touchRecord} for each, then answers them: the
     * misses of one pass overlap across the batch instead of following one another query by query.
     */
    public long firstSlot(int h) {
        int s = shard(h, bits);
        return (long) WireShard.LONG.get(shards[s], (h & masks[s]) << 3);
    }

    /**
     * Reads the first two cache lines of the record a {@link #firstSlot} value of {@code h} points to (its key, types
     * and usually the start of its first response); returns a byte of each, summed.
     */
    public int touchRecord(int h, long slot) {
        if (slot == 0) {
            return 0;
        }
        byte[] shard = shards[shard(h, bits)];
        int r = (int) slot;
        return shard[r] + shard[Math.min(r + 64, shard.length - 1)];
    }

    /**
     * Copies the response for {@code qtype} at the located record into {@code out[0, n)} and returns {@code n};
     * -1 when the name has no precompiled response for that type or it is longer than {@code limit}.
     */
    public int copyAnswer(long at, int qtype, byte[] out, int limit) {
        byte[] shard = shards[(int) (at >>> 32)];
        int r = (int) at;
        int e = WireShard.typeEntry(shard, r, qtype);
        if (e < 0) {
            return -1;
        }
        int length = WireShard.i32(shard, e + 6);
        if (length > limit) {
            return -1;
        }
        System.arraycopy(shard, r + WireShard.i32(shard, e + 2), out, 0, length);
        return length;
    }

    /** The wire length of the origin whose NXDOMAIN tail the located record carries, or -1 when it has none. */
    public int negativeOriginLength(long at) {
        byte[] shard = shards[(int) (at >>> 32)];
        int tail = WireShard.tailOf(shard, (int) at);
        return tail == 0 ? -1 : WireShard.tailOriginLength(shard, tail);
    }

    /**
     * Copies the located record's NXDOMAIN SOA (without owner) to {@code out[offset, offset + n)} and returns
     * {@code n}, or -1 when it has none or {@code offset + n > limit}.
     */
    public int copyNegativeSoa(long at, byte[] out, int offset, int limit) {
        byte[] shard = shards[(int) (at >>> 32)];
        int tail = WireShard.tailOf(shard, (int) at);
        if (tail == 0) {
            return -1;
        }
        int length = WireShard.tailSoaLength(shard, tail);
        if (offset + length > limit) {
            return -1;
        }
        System.arraycopy(shard, WireShard.tailSoaOffset(tail), out, offset, length);
        return length;
    }

    /** The entry for the wire name at {@code packet[offset, offset+length)}, compared case-insensitively; a copy. */
    public Entry find(byte[] packet, int offset, int length) {
        long at = locate(packet, offset, length);
        return at < 0 ? null : WireShard.entry(shards[(int) (at >>> 32)], (int) at);
    }

    /** A copy of the response for {@code qtype} at the wire name at {@code packet[offset, offset+length)}, or null. */
    public byte[] answer(byte[] packet, int offset, int length, int qtype) {
        long at = locate(packet, offset, length);
        if (at < 0) {
            return null;
        }
        byte[] shard = shards[(int) (at >>> 32)];
        int r = (int) at;
        int e = WireShard.typeEntry(shard, r, qtype);
        if (e < 0) {
            return null;
        }
        int from = r + WireShard.i32(shard, e + 2);
        return Arrays.copyOfRange(shard, from, from + WireShard.i32(shard, e + 6));
    }

    public int size() {
        return size;
    }

    /** How many shards this index shares (the same arrays) with {@code other}: what a change did not copy. */
    int shardsSharedWith(WireIndex other) {
        int shared = 0;
        for (int s = 0; s < Math.min(shards.length, other.shards.length); s++) {
            shared += shards[s] == other.shards[s] ? 1 : 0;
        }
        return shared;
    }

    /** True when both indexes are the same bytes, shard by shard (how a parallel build is checked). */
    public boolean bytesEqual(WireIndex other) {
        if (bits != other.bits || size != other.size || !Arrays.equals(masks, other.masks)) {
            return false;
        }
        for (int s = 0; s < shards.length; s++) {
            if (!Arrays.equals(shards[s], other.shards[s])) {
                return false;
            }
        }
        return true;
    }

    int shardCount() {
        return shards.length;
    }

    /** The bytes of shard {@code s} ({@link WireShard}'s layout), for {@link CompiledAnswersFile}; never modified. */
    byte[] shardBytes(int s) {
        return shards[s];
    }

    /** The slot mask of shard {@code s}. */
    int shardMask(int s) {
        return masks[s];
    }

    /** log2 of the shard count. */
    int shardBits() {
        return bits;
    }

    /**
     * An index made of shards written before ({@link CompiledAnswersFile}): {@code 1 << bits} shards with their
     * masks, holding {@code size} names. Only the layout is checked; the bytes are trusted as the file's checksum is.
     */
    static WireIndex restore(byte[][] shards, int[] masks, int bits, int size) {
        if (bits < 0 || bits > 30 || shards.length != 1 << bits || masks.length != shards.length || size < 0) {
            throw new IllegalArgumentException("not a wire index layout: bits=" + bits + " shards=" + shards.length);
        }
        for (int s = 0; s < shards.length; s++) {
            int slots = masks[s] + 1;
            if (slots <= 0 || Integer.bitCount(slots) != 1 || shards[s].length < slots * 8L) {
                throw new IllegalArgumentException("shard " + s + " does not hold its " + slots + " slots");
            }
        }
        return new WireIndex(shards, masks, bits, size);
    }

    /** Every (lower-case wire name, entry) pair, in no particular order; entries are copies. */
    public void forEach(BiConsumer<byte[], Entry> action) {
        for (int s = 0; s < shards.length; s++) {
            byte[] shard = shards[s];
            for (int slot = 0; slot <= masks[s]; slot++) {
                long v = (long) WireShard.LONG.get(shard, slot << 3);
                if (v != 0) {
                    int r = (int) v;
                    action.accept(Arrays.copyOfRange(shard, r + 1, r + 1 + (shard[r] & 0xFF)), WireShard.entry(shard, r));
                }
            }
        }
    }

    /**
     * This index with {@code changes} applied (a null entry removes the name; keys are lower-case wire names),
     * sharing every shard no change touches: the cost is that of the changed names, not of the whole index. The
     * untouched records of a changed shard are copied as bytes.
     */
    public WireIndex with(Map<Key, Entry> changes) {
        if (changes.isEmpty()) {
            return this;
        }
        byte[][] nextShards = shards.clone();
        int[] nextMasks = masks.clone();
        Map<Integer, Map<Key, Entry>> byShard = new HashMap<>();
        changes.forEach((key, entry) -> byShard.computeIfAbsent(shard(hash(key.wire(), 0, key.wire().length), bits),
                s -> new HashMap<>()).put(key, entry));
        int nextSize = size;
        int[] written = new int[2];
        for (Map.Entry<Integer, Map<Key, Entry>> change : byShard.entrySet()) {
            int s = change.getKey();
            byte[] shard = shards[s];
            boolean[] replaced = new boolean[masks[s] + 1];
            List<WireShard.Item> items = new ArrayList<>(masks[s] / 2 + change.getValue().size());
            change.getValue().forEach((key, entry) -> {
                int h = hash(key.wire(), 0, key.wire().length);
                int slot = slotOf(shard, masks[s], key.wire(), h);
                if (slot >= 0) {
                    replaced[slot] = true;
                }
                if (entry != null) {
                    items.add(WireShard.Item.of(key.wire(), h, entry));
                }
            });
            for (int slot = 0; slot <= masks[s]; slot++) {
                long v = (long) WireShard.LONG.get(shard, slot << 3);
                if (v != 0 && !replaced[slot]) {
                    items.add(WireShard.Item.copy(shard, (int) v, (int) (v >>> 32)));
                }
            }
            nextShards[s] = WireShard.write(items, written);
            nextMasks[s] = written[1] - 1;
            nextSize += written[0] - WireShard.records(shard, masks[s]);
        }
        return new WireIndex(nextShards, nextMasks, bits, nextSize);
    }

    /** The slot holding {@code key} (lower case, hash {@code h}) in {@code shard}, or -1. */
    private static int slotOf(byte[] shard, int mask, byte[] key, int h) {
        for (int slot = h & mask; ; slot = (slot + 1) & mask) {
            long v = (long) WireShard.LONG.get(shard, slot << 3);
            if (v == 0) {
                return -1;
            }
            int r = (int) v;
            if ((int) (v >>> 32) == h && (shard[r] & 0xFF) == key.length && equalsIgnoreCase(shard, r + 1, key, 0, key.length)) {
                return slot;
            }
        }
    }

    private static int shard(int h, int bits) {
        return bits == 0 ? 0 : (h * 0x9E3779B9) >>> (32 - bits);
    }

    static int hash(byte[] b, int offset, int length) {
        int h = 0x9E3779B9;
        for (int i = offset; i < offset + length; i++) {
            h = (h ^ lower(b[i])) * 0x01000193;
        }
        return h ^ (h >>> 16);
    }

    private static boolean equalsIgnoreCase(byte[] key, int keyOffset, byte[] packet, int offset, int length) {
        for (int i = 0; i < length; i++) {
            if (key[keyOffset + i] != lower(packet[offset + i])) {
                return false;
            }
        }
        return true;
    }

    /** ASCII lower case; length bytes (0..63) are untouched. */
    static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    /**
     * The index of {@code keys[i] -> entries[i]} (lower-case wire names of at most 255 octets; a key given twice
     * keeps its first entry), its shards built on every core when {@code parallel} (a load), on this thread
     * otherwise (a change under load).
     */
    public static WireIndex of(byte[][] keys, Entry[] entries, boolean parallel) {
        return of(keys, i -> entries[i], parallel);
    }

    /**
     * Like {@link #of(byte[][], Entry[], boolean)} with {@code entries.apply(i)} compiled just before its shard is
     * written (on the thread writing it), so that a million names' answers never exist as objects all at once,
     * only as the shards' bytes.
     */
    public static WireIndex of(byte[][] keys, IntFunction<Entry> entries, boolean parallel) {
        int bits = 31 - Integer.numberOfLeadingZeros(Math.max(1, keys.length / PER_SHARD));
        int[] hashes = new int[keys.length];
        IntStream all = IntStream.range(0, keys.length);
        (parallel ? all.parallel() : all).forEach(i -> hashes[i] = hash(keys[i], 0, keys[i].length));
        int shards = 1 << bits;
        int[] start = new int[shards + 1];
        for (int h : hashes) {
            start[shard(h, bits) + 1]++;
        }
        for (int i = 0; i < shards; i++) {
            start[i + 1] += start[i];
        }
        int[] order = new int[keys.length];
        int[] fill = Arrays.copyOf(start, shards);
        for (int i = 0; i < keys.length; i++) {
            order[fill[shard(hashes[i], bits)]++] = i; // ascending i within a shard: the first key wins
        }
        byte[][] built = new byte[shards][];
        int[] masks = new int[shards];
        int[] sizes = new int[shards];
        IntStream each = IntStream.range(0, shards);
        (parallel ? each.parallel() : each).forEach(s -> {
            List<WireShard.Item> items = new ArrayList<>(start[s + 1] - start[s]);
            for (int j = start[s]; j < start[s + 1]; j++) {
                items.add(WireShard.Item.of(keys[order[j]], hashes[order[j]], entries.apply(order[j])));
            }
            int[] written = new int[2];
            built[s] = WireShard.write(items, written);
            masks[s] = written[1] - 1;
            sizes[s] = written[0];
        });
        return new WireIndex(built, masks, bits, Arrays.stream(sizes).sum());
    }
}
