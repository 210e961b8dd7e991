package dev.vigil.dnsnode.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bytes of one {@link WireIndex} shard: everything a lookup reads lies in one array, so a query costs the miss
 * on its hash slot and the miss on its record, not one per object of a chain. Little-endian:
 * <pre>
 * slots    capacity × i64: (hash << 32) | record offset, 0 = empty; open addressing, at most half full
 * record   u8 key length, key (lower-case wire name), u16 type count, i32 negative tail offset (0 = none),
 *          per type: u16 qtype, i32 template offset (from the record's start), i32 template length;
 *          then the templates, in type order
 * tail     u8 origin wire length, i32 SOA length, SOA without owner (shared by the shard's records)
 * </pre>
 */
final class WireShard {

    static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static final int TYPE_ENTRY = 10;
    private static final int TAIL_HEADER = 5;

    private WireShard() {}

    /** Slots for {@code n} records: a power of two, at least twice {@code n}, so a probe always ends. */
    static int capacity(int n) {
        return n == 0 ? 1 : Integer.highestOneBit(2 * n - 1) << 1;
    }

    /** The offset of the types count of the record at {@code r}. */
    static int typesAt(byte[] shard, int r) {
        return r + 1 + (shard[r] & 0xFF);
    }

    /** The number of records in a shard of {@code mask + 1} slots. */
    static int records(byte[] shard, int mask) {
        int n = 0;
        for (int slot = 0; slot <= mask; slot++) {
            n += (long) LONG.get(shard, slot << 3) != 0 ? 1 : 0;
        }
        return n;
    }

    /** The offset of the type entry for {@code qtype} in the record at {@code r}, or -1 (the first one wins). */
    static int typeEntry(byte[] shard, int r, int qtype) {
        int p = typesAt(shard, r);
        for (int e = p + 6, end = e + u16(shard, p) * TYPE_ENTRY; e < end; e += TYPE_ENTRY) {
            if (u16(shard, e) == qtype) {
                return e;
            }
        }
        return -1;
    }

    static int u16(byte[] shard, int at) {
        return (short) SHORT.get(shard, at) & 0xFFFF;
    }

    static int i32(byte[] shard, int at) {
        return (int) INT.get(shard, at);
    }

    /** One record to write: a new {@link WireIndex.Entry}, or a record of an old shard copied as it is. */
    static final class Item {
        final byte[] key;
        final int keyOffset;
        final int keyLength;
        final int hash;
        final WireIndex.Entry entry;
        final byte[] source;
        final int record;

        private Item(byte[] key, int keyOffset, int keyLength, int hash, WireIndex.Entry entry, byte[] source, int record) {
            this.key = key;
            this.keyOffset = keyOffset;
            this.keyLength = keyLength;
            this.hash = hash;
            this.entry = entry;
            this.source = source;
            this.record = record;
        }

        static Item of(byte[] key, int hash, WireIndex.Entry entry) {
            if (key.length > 255) {
                throw new IllegalArgumentException("a wire name is at most 255 octets: " + key.length);
            }
            return new Item(key, 0, key.length, hash, entry, null, 0);
        }

        static Item copy(byte[] shard, int record, int hash) {
            return new Item(shard, record + 1, shard[record] & 0xFF, hash, null, shard, record);
        }

        boolean sameKey(Item other) {
            return Arrays.equals(key, keyOffset, keyOffset + keyLength, other.key, other.keyOffset,
                    other.keyOffset + other.keyLength);
        }

        int types() {
            return entry != null ? entry.qtypes().length : u16(source, typesAt(source, record));
        }

        private int length = -1;

        int length() {
            if (length < 0) {
                length = computeLength();
            }
            return length;
        }

        private int computeLength() {
            if (source != null) {
                int p = typesAt(source, record);
                int last = p + 6 + (types() - 1) * TYPE_ENTRY;
                return types() == 0 ? p + 6 - record : i32(source, last + 2) + i32(source, last + 6);
            }
            int length = 1 + keyLength + 6 + types() * TYPE_ENTRY;
            for (byte[] answer : entry.answers()) {
                length += answer.length;
            }
            return length;
        }
    }

    /** A serialized negative tail: {@code bytes[offset, offset + length)}. */
    private record Tail(byte[] bytes, int offset, int length) {
        boolean same(Tail o) {
            return Arrays.equals(bytes, offset, offset + length, o.bytes, o.offset, o.offset + o.length);
        }
    }

    /**
     * The shard holding {@code items}, a key given twice keeping its first item; {@code out[0]} receives the number
     * of records written, {@code out[1]} the number of slots.
     */
    static byte[] write(List<Item> items, int[] out) {
        int capacity = capacity(items.size());
        int mask = capacity - 1;
        int[] slotItem = new int[capacity];
        Arrays.fill(slotItem, -1);
        List<Item> kept = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            int slot = item.hash & mask;
            boolean duplicate = false;
            while (slotItem[slot] >= 0) {
                Item other = items.get(slotItem[slot]);
                if (other.hash == item.hash && other.sameKey(item)) {
                    duplicate = true;
                    break;
                }
                slot = (slot + 1) & mask;
            }
            if (!duplicate) {
                slotItem[slot] = i;
                kept.add(item);
            }
        }
        List<Tail> tails = new ArrayList<>();
        int[] tailOf = new int[kept.size()];
        WireIndex.NegativeTail lastNegative = null;
        int lastTail = -1;
        int size = capacity * 8;
        for (int i = 0; i < kept.size(); i++) {
            Item item = kept.get(i);
            if (item.entry != null && item.entry.negative() != null && item.entry.negative() == lastNegative) {
                tailOf[i] = lastTail; // the common case: every name of a zone shares one tail object
            } else {
                Tail tail = tail(item);
                tailOf[i] = tail == null ? -1 : indexOf(tails, tail);
                if (item.entry != null) {
                    lastNegative = item.entry.negative();
                    lastTail = tailOf[i];
                }
            }
            size += item.length();
        }
        int[] tailOffsets = new int[tails.size()];
        for (int t = 0; t < tails.size(); t++) {
            tailOffsets[t] = size;
            size += tails.get(t).length();
        }
        byte[] shard = new byte[size];
        for (int t = 0; t < tails.size(); t++) {
            Tail tail = tails.get(t);
            System.arraycopy(tail.bytes(), tail.offset(), shard, tailOffsets[t], tail.length());
        }
        int[] recordOf = new int[items.size()];
        int at = capacity * 8;
        for (int i = 0, k = 0; i < items.size() && k < kept.size(); i++) {
            if (items.get(i) == kept.get(k)) {
                recordOf[i] = at;
                at = writeRecord(kept.get(k), shard, at, tailOf[k] < 0 ? 0 : tailOffsets[tailOf[k]]);
                k++;
            }
        }
        for (int slot = 0; slot < capacity; slot++) {
            if (slotItem[slot] >= 0) {
                Item item = items.get(slotItem[slot]);
                LONG.set(shard, slot * 8, ((long) item.hash << 32) | recordOf[slotItem[slot]]);
            }
        }
        out[0] = kept.size();
        out[1] = capacity;
        return shard;
    }

    private static int indexOf(List<Tail> tails, Tail tail) {
        for (int t = 0; t < tails.size(); t++) {
            if (tails.get(t).same(tail)) {
                return t;
            }
        }
        tails.add(tail);
        return tails.size() - 1;
    }

    private static Tail tail(Item item) {
        if (item.source != null) {
            int offset = i32(item.source, typesAt(item.source, item.record) + 2);
            return offset == 0 ? null
                    : new Tail(item.source, offset, TAIL_HEADER + i32(item.source, offset + 1));
        }
        WireIndex.NegativeTail negative = item.entry.negative();
        if (negative == null) {
            return null;
        }
        byte[] soa = negative.soaWithoutOwner();
        byte[] b = new byte[TAIL_HEADER + soa.length];
        b[0] = (byte) negative.originWireLength();
        INT.set(b, 1, soa.length);
        System.arraycopy(soa, 0, b, TAIL_HEADER, soa.length);
        return new Tail(b, 0, b.length);
    }

    /** Writes {@code item} at {@code at} with its tail at {@code tail}; returns where the next record starts. */
    private static int writeRecord(Item item, byte[] shard, int at, int tail) {
        int length = item.length();
        if (item.source != null) {
            System.arraycopy(item.source, item.record, shard, at, length);
            INT.set(shard, typesAt(shard, at) + 2, tail);
            return at + length;
        }
        shard[at] = (byte) item.keyLength;
        System.arraycopy(item.key, item.keyOffset, shard, at + 1, item.keyLength);
        int p = typesAt(shard, at);
        int[] qtypes = item.entry.qtypes();
        byte[][] answers = item.entry.answers();
        SHORT.set(shard, p, (short) qtypes.length);
        INT.set(shard, p + 2, tail);
        int template = p + 6 + qtypes.length * TYPE_ENTRY;
        for (int i = 0; i < qtypes.length; i++) {
            int e = p + 6 + i * TYPE_ENTRY;
            SHORT.set(shard, e, (short) qtypes[i]);
            INT.set(shard, e + 2, template - at);
            INT.set(shard, e + 6, answers[i].length);
            System.arraycopy(answers[i], 0, shard, template, answers[i].length);
            template += answers[i].length;
        }
        return template;
    }

    /** The record at {@code r} as an entry (copies: for compiling and tests, not for queries). */
    static WireIndex.Entry entry(byte[] shard, int r) {
        int p = typesAt(shard, r);
        int types = u16(shard, p);
        int[] qtypes = new int[types];
        byte[][] answers = new byte[types][];
        for (int i = 0; i < types; i++) {
            int e = p + 6 + i * TYPE_ENTRY;
            qtypes[i] = u16(shard, e);
            int from = r + i32(shard, e + 2);
            answers[i] = Arrays.copyOfRange(shard, from, from + i32(shard, e + 6));
        }
        int tail = i32(shard, p + 2);
        WireIndex.NegativeTail negative = tail == 0 ? null : new WireIndex.NegativeTail(shard[tail] & 0xFF,
                Arrays.copyOfRange(shard, tail + TAIL_HEADER, tail + TAIL_HEADER + i32(shard, tail + 1)));
        return new WireIndex.Entry(qtypes, answers, negative);
    }

    /** The tail offset of the record at {@code r}, 0 when it has none. */
    static int tailOf(byte[] shard, int r) {
        return i32(shard, typesAt(shard, r) + 2);
    }

    static int tailOriginLength(byte[] shard, int tail) {
        return shard[tail] & 0xFF;
    }

    static int tailSoaLength(byte[] shard, int tail) {
        return i32(shard, tail + 1);
    }

    static int tailSoaOffset(int tail) {
        return tail + TAIL_HEADER;
    }
}
