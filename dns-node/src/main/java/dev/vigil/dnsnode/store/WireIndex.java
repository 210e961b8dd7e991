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

    private final byte[][] keys;
    private final Entry[] values;
    private final int mask;
    private final int size;

    private WireIndex(byte[][] keys, Entry[] values, int size) {
        this.keys = keys;
        this.values = values;
        this.mask = keys.length - 1;
        this.size = size;
    }

    /** The entry for the wire name at {@code packet[offset, offset+length)}, compared case-insensitively. */
    public Entry find(byte[] packet, int offset, int length) {
        int slot = hash(packet, offset, length) & mask;
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

    public int size() {
        return size;
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

    /** Collects entries; a key added twice keeps the first entry. */
    public static final class Builder {
        private final byte[][] keys;
        private final Entry[] values;
        private int size;

        public Builder(int expected) {
            int capacity = Integer.highestOneBit(Math.max(4, expected * 2 + 1) - 1) << 1;
            keys = new byte[capacity][];
            values = new Entry[capacity];
        }

        /** {@code wireName} must already be lower case. Returns false when the key was present. */
        public boolean add(byte[] wireName, Entry entry) {
            int mask = keys.length - 1;
            int slot = hash(wireName, 0, wireName.length) & mask;
            while (keys[slot] != null) {
                if (java.util.Arrays.equals(keys[slot], wireName)) {
                    return false;
                }
                slot = (slot + 1) & mask;
            }
            if (size + 1 > keys.length / 2) {
                throw new IllegalStateException("WireIndex sized for fewer entries");
            }
            keys[slot] = wireName;
            values[slot] = entry;
            size++;
            return true;
        }

        public WireIndex build() {
            return new WireIndex(keys, values, size);
        }
    }
}
