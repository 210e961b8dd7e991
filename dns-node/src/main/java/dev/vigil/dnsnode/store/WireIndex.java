package dev.vigil.dnsnode.store;

/**
 * Answers compiled to wire format, found by the query name's wire bytes without parsing or allocating:
 * an open-addressing hash table from lower-cased wire names to {@link Entry}. Immutable once built; one is
 * compiled with each {@link AnswerTable} and swapped in with it.
 */
public final class WireIndex {

    public static final WireIndex EMPTY = new Builder(0).build();

    /**
     * Precompiled responses at one name: {@code answers[i]} answers {@code qtypes[i]} (a whole response with ID 0,
     * RD clear, the question in lower case and no OPT record). {@code negative} is the zone's NXDOMAIN tail, or
     * null when a missing name below this one needs the full resolver (wildcards, delegations, no SOA).
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
    }

    /**
     * What follows the question in an NXDOMAIN response: the SOA record without its owner (type, class, TTL,
     * RDLENGTH, uncompressed RDATA). The owner is a compression pointer to the origin inside the question.
     */
    public record NegativeTail(int originWireLength, byte[] soaWithoutOwner) {}

    /** Entries per shard, about: a change copies the shards of the names it touches, nothing else. */
    private static final int PER_SHARD = 32;

    private final byte[][][] keys;
    private final Entry[][] values;
    private final int bits;
    private final int size;

    private WireIndex(byte[][][] keys, Entry[][] values, int bits, int size) {
        this.keys = keys;
        this.values = values;
        this.bits = bits;
        this.size = size;
    }

    /** The entry for the wire name at {@code packet[offset, offset+length)}, compared case-insensitively. */
    public Entry find(byte[] packet, int offset, int length) {
        int h = hash(packet, offset, length);
        int shard = shard(h, bits);
        byte[][] k = keys[shard];
        int mask = k.length - 1;
        int slot = h & mask;
        while (true) {
            byte[] key = k[slot];
            if (key == null) {
                return null;
            }
            if (key.length == length && equalsIgnoreCase(key, packet, offset)) {
                return values[shard][slot];
            }
            slot = (slot + 1) & mask;
        }
    }

    public int size() {
        return size;
    }

    /** Every (lower-case wire name, entry) pair, in no particular order. */
    public void forEach(java.util.function.BiConsumer<byte[], Entry> action) {
        for (int s = 0; s < keys.length; s++) {
            for (int i = 0; i < keys[s].length; i++) {
                if (keys[s][i] != null) {
                    action.accept(keys[s][i], values[s][i]);
                }
            }
        }
    }

    /**
     * This index with {@code changes} applied (a null entry removes the name; keys are lower-case wire names),
     * sharing every shard no change touches: the cost is that of the changed names, not of the whole index.
     */
    public WireIndex with(java.util.Map<Key, Entry> changes) {
        if (changes.isEmpty()) {
            return this;
        }
        byte[][][] k = keys.clone();
        Entry[][] v = values.clone();
        java.util.Map<Integer, java.util.Map<Key, Entry>> byShard = new java.util.HashMap<>();
        changes.forEach((key, entry) -> byShard.computeIfAbsent(shard(hash(key.wire, 0, key.wire.length), bits),
                s -> new java.util.HashMap<>()).put(key, entry));
        int[] size = {this.size};
        byShard.forEach((shard, shardChanges) -> {
            java.util.Map<Key, Entry> merged = new java.util.LinkedHashMap<>();
            for (int i = 0; i < keys[shard].length; i++) {
                if (keys[shard][i] != null) {
                    merged.put(new Key(keys[shard][i]), values[shard][i]);
                }
            }
            size[0] -= merged.size();
            shardChanges.forEach((key, entry) -> {
                if (entry == null) {
                    merged.remove(key);
                } else {
                    merged.put(key, entry);
                }
            });
            size[0] += merged.size();
            Shard built = new Shard(merged.size());
            merged.forEach((key, entry) -> built.add(key.wire, entry));
            k[shard] = built.keys;
            v[shard] = built.values;
        });
        return new WireIndex(k, v, bits, size[0]);
    }

    /** A lower-case wire name as a map key. */
    public record Key(byte[] wire) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && java.util.Arrays.equals(wire, other.wire);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(wire);
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

    private static boolean equalsIgnoreCase(byte[] key, byte[] packet, int offset) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] != lower(packet[offset + i])) {
                return false;
            }
        }
        return true;
    }

    /** ASCII lower case; length bytes (0..63) are untouched. */
    static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    /** One open-addressing table, at most half full, growing as entries are added. */
    private static final class Shard {
        byte[][] keys;
        Entry[] values;
        int size;

        Shard(int expected) {
            int capacity = Integer.highestOneBit(Math.max(4, expected * 2 + 1) - 1) << 1;
            keys = new byte[capacity][];
            values = new Entry[capacity];
        }

        boolean add(byte[] wireName, Entry entry) {
            return add(wireName, entry, hash(wireName, 0, wireName.length));
        }

        /** {@code h} is {@code hash(wireName)}, already computed (a load hashes a million names once, not thrice). */
        boolean add(byte[] wireName, Entry entry, int h) {
            int mask = keys.length - 1;
            int slot = h & mask;
            while (keys[slot] != null) {
                if (java.util.Arrays.equals(keys[slot], wireName)) {
                    return false;
                }
                slot = (slot + 1) & mask;
            }
            if (size + 1 > keys.length / 2) {
                grow();
                return add(wireName, entry, h);
            }
            keys[slot] = wireName;
            values[slot] = entry;
            size++;
            return true;
        }

        private void grow() {
            byte[][] oldKeys = keys;
            Entry[] oldValues = values;
            keys = new byte[oldKeys.length * 2][];
            values = new Entry[oldKeys.length * 2];
            size = 0;
            for (int i = 0; i < oldKeys.length; i++) {
                if (oldKeys[i] != null) {
                    add(oldKeys[i], oldValues[i]);
                }
            }
        }
    }

    /**
     * The index of {@code keys[i] -> entries[i]} (lower-case wire names; a key given twice keeps its first entry),
     * its shards built on every core when {@code parallel} (a load), on this thread otherwise (a change under load).
     */
    public static WireIndex of(byte[][] keys, Entry[] entries, boolean parallel) {
        int bits = 31 - Integer.numberOfLeadingZeros(Math.max(1, keys.length / PER_SHARD));
        int[] hashes = new int[keys.length];
        java.util.stream.IntStream all = java.util.stream.IntStream.range(0, keys.length);
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
        int[] fill = java.util.Arrays.copyOf(start, shards);
        for (int i = 0; i < keys.length; i++) {
            order[fill[shard(hashes[i], bits)]++] = i; // ascending i within a shard: the first key wins
        }
        byte[][][] k = new byte[shards][][];
        Entry[][] v = new Entry[shards][];
        int[] sizes = new int[shards];
        java.util.stream.IntStream each = java.util.stream.IntStream.range(0, shards);
        (parallel ? each.parallel() : each).forEach(s -> {
            Shard shard = new Shard(start[s + 1] - start[s]);
            for (int j = start[s]; j < start[s + 1]; j++) {
                shard.add(keys[order[j]], entries[order[j]], hashes[order[j]]);
            }
            k[s] = shard.keys;
            v[s] = shard.values;
            sizes[s] = shard.size;
        });
        return new WireIndex(k, v, bits, java.util.Arrays.stream(sizes).sum());
    }

    /** Collects entries; a key added twice keeps the first entry. */
    public static final class Builder {
        private final Shard[] shards;
        private final int bits;
        private int size;

        public Builder(int expected) {
            bits = 31 - Integer.numberOfLeadingZeros(Math.max(1, expected / PER_SHARD));
            shards = new Shard[1 << bits];
            int perShard = expected / shards.length + 1;
            for (int i = 0; i < shards.length; i++) {
                shards[i] = new Shard(perShard);
            }
        }

        /** {@code wireName} must already be lower case. Returns false when the key was present. */
        public boolean add(byte[] wireName, Entry entry) {
            boolean added = shards[shard(hash(wireName, 0, wireName.length), bits)].add(wireName, entry);
            if (added) {
                size++;
            }
            return added;
        }

        public WireIndex build() {
            byte[][][] k = new byte[shards.length][][];
            Entry[][] v = new Entry[shards.length][];
            for (int i = 0; i < shards.length; i++) {
                k[i] = shards[i].keys;
                v[i] = shards[i].values;
            }
            return new WireIndex(k, v, bits, size);
        }
    }
}
