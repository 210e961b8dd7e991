package dev.vigil.dnsnode.store;

import java.util.Map;

/**
 * Precompiled per-query answers by the query name's wire bytes, like {@link WireIndex}: an open-addressing table
 * from lower-cased wire names to the qtypes answered per query at that name. Built whole with each table (there
 * are few such names); a lookup allocates nothing.
 */
public final class SelectiveIndex {

    public static final SelectiveIndex EMPTY = new SelectiveIndex(new byte[1][], new Entry[1], 0);

    /** The per-query answers at one name: {@code answers[i]} answers {@code qtypes[i]}. */
    public record Entry(int[] qtypes, SelectiveAnswer[] answers) {
        public SelectiveAnswer answer(int qtype) {
            for (int i = 0; i < qtypes.length; i++) {
                if (qtypes[i] == qtype) {
                    return answers[i];
                }
            }
            return null;
        }
    }

    private final byte[][] keys;
    private final Entry[] values;
    private final int size;

    private SelectiveIndex(byte[][] keys, Entry[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.size = size;
    }

    public int size() {
        return size;
    }

    /** The entry for the wire name at {@code packet[offset, offset+length)}, compared case-insensitively. */
    public Entry find(byte[] packet, int offset, int length) {
        if (size == 0) {
            return null;
        }
        int mask = keys.length - 1;
        int slot = WireIndex.hash(packet, offset, length) & mask;
        while (true) {
            byte[] key = keys[slot];
            if (key == null) {
                return null;
            }
            if (key.length == length && equalsIgnoreCase(key, packet, offset)) {
                return values[slot];
            }
            slot = (slot + 1) & mask;
        }
    }

    private static boolean equalsIgnoreCase(byte[] key, byte[] packet, int offset) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] != WireIndex.lower(packet[offset + i])) {
                return false;
            }
        }
        return true;
    }

    /** The index of {@code entries} (keys: lower-case wire names). */
    public static SelectiveIndex of(Map<WireIndex.Key, Entry> entries) {
        if (entries.isEmpty()) {
            return EMPTY;
        }
        int capacity = Integer.highestOneBit(entries.size() * 2) << 1;
        byte[][] keys = new byte[capacity][];
        Entry[] values = new Entry[capacity];
        entries.forEach((key, entry) -> {
            int slot = WireIndex.hash(key.wire(), 0, key.wire().length) & (capacity - 1);
            while (keys[slot] != null) {
                slot = (slot + 1) & (capacity - 1);
            }
            keys[slot] = key.wire();
            values[slot] = entry;
        });
        return new SelectiveIndex(keys, values, entries.size());
    }
}
