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

    /**
     * One record to write: a record of an old shard, or a new one ({@link #record}) with its tail still to place,
     * copied as bytes either way.
     */
    static final class Item {
        final byte[] source;
        final int record;
        final int hash;
        /** A new record's NXDOMAIN tail (an old shard's record points into its shard instead). */
        final WireIndex.NegativeTail negative;
        final boolean fresh;
        private int length = -1;

        private Item(byte[] source, int record, int hash, WireIndex.NegativeTail negative, boolean fresh) {
            this.source = source;
            this.record = record;
            this.hash = hash;
            this.negative = negative;
            this.fresh = fresh;
        }

        /** {@code entry} at {@code key} (lower case, hashing to {@code hash}). */
        static Item of(byte[] key, int hash, WireIndex.Entry entry) {
            return fresh(record(key, entry), hash, entry.negative());
        }

        /** A record made by {@link #record}, with its tail. */
        static Item fresh(byte[] record, int hash, WireIndex.NegativeTail negative) {
            return new Item(record, 0, hash, negative, true);
        }

        static Item copy(byte[] shard, int record, int hash) {
            return new Item(shard, record, hash, null, false);
        }

        boolean sameKey(Item other) {
            int length = source[record] & 0xFF;
            return length == (other.source[other.record] & 0xFF) && Arrays.equals(source, record + 1,
                    record + 1 + length, other.source, other.record + 1, other.record + 1 + length);
        }

        int length() {
            if (length < 0) {
                int p = typesAt(source, record);
                int types = u16(source, p);
                int last = p + 6 + (types - 1) * TYPE_ENTRY;
                length = types == 0 ? p + 6 - record : i32(source, last + 2) + i32(source, last + 6);
            }
            return length;
        }
    }

    /** {@code entry} at {@code key} as a record on its own (its tail offset still 0), to be copied into a shard. */
    static byte[] record(byte[] key, WireIndex.Entry entry) {
        if (key.length > 255) {
            throw new IllegalArgumentException("a wire name is at most 255 octets: " + key.length);
        }
        int[] qtypes = entry.qtypes();
        byte[][] answers = entry.answers();
        int length = 1 + key.length + 6 + qtypes.length * TYPE_ENTRY;
        for (byte[] answer : answers) {
            length += answer.length;
        }
        byte[] out = new byte[length];
        out[0] = (byte) key.length;
        System.arraycopy(key, 0, out, 1, key.length);
        int p = typesAt(out, 0);
        SHORT.set(out, p, (short) qtypes.length);
        int template = p + 6 + qtypes.length * TYPE_ENTRY;
        for (int i = 0; i < qtypes.length; i++) {
            int e = p + 6 + i * TYPE_ENTRY;
            SHORT.set(out, e, (short) qtypes[i]);
            INT.set(out, e + 2, template);
            INT.set(out, e + 6, answers[i].length);
            System.arraycopy(answers[i], 0, out, template, answers[i].length);
            template += answers[i].length;
        }
        return out;
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
            if (item.fresh && item.negative != null && item.negative == lastNegative) {
                tailOf[i] = lastTail; // the common case: every name of a zone shares one tail object
            } else {
                Tail tail = tail(item);
                tailOf[i] = tail == null ? -1 : indexOf(tails, tail);
                if (item.fresh) {
                    lastNegative = item.negative;
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
        if (!item.fresh) {
            int offset = i32(item.source, typesAt(item.source, item.record) + 2);
            return offset == 0 ? null
                    : new Tail(item.source, offset, TAIL_HEADER + i32(item.source, offset + 1));
        }
        WireIndex.NegativeTail negative = item.negative;
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
        System.arraycopy(item.source, item.record, shard, at, length);
        INT.set(shard, typesAt(shard, at) + 2, tail);
        return at + length;
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
