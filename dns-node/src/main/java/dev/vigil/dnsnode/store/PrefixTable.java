package dev.vigil.dnsnode.store;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Longest-prefix match for one address family, flattened when the map arrives: the (possibly nested) prefixes
 * become disjoint address ranges, each holding the label and length of the most specific prefix covering it. A
 * lookup is one binary search over sorted range starts (128-bit addresses as two unsigned longs); it allocates
 * nothing.
 */
public final class PrefixTable {

    /** A lookup that matched nothing. */
    public static final long NO_MATCH = -1;

    private final int bits;
    private final long[] startHi;
    private final long[] startLo;
    private final long[] endHi;
    private final long[] endLo;
    private final int[] labels;
    private final byte[] lengths;

    private PrefixTable(int bits, long[] startHi, long[] startLo, long[] endHi, long[] endLo, int[] labels,
                        byte[] lengths) {
        this.bits = bits;
        this.startHi = startHi;
        this.startLo = startLo;
        this.endHi = endHi;
        this.endLo = endLo;
        this.labels = labels;
        this.lengths = lengths;
    }

    /** One prefix of the family: {@code address} with host bits zero, {@code length} in 0..bits. */
    public record Prefix(byte[] address, int length, int label) {}

    /** The address width of this table: 32 or 128. */
    public int bits() {
        return bits;
    }

    /** Number of disjoint ranges (for tests and sizing). */
    public int ranges() {
        return labels.length;
    }

    /**
     * The most specific prefix containing the address {@code (hi, lo)} (an IPv4 address is {@code (0, a)} with
     * {@code a} unsigned in the low 32 bits), packed as {@code label << 8 | length}; {@link #NO_MATCH} when none.
     */
    public long lookup(long hi, long lo) {
        int low = 0;
        int high = labels.length - 1;
        int found = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (compare(startHi[mid], startLo[mid], hi, lo) <= 0) {
                found = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        if (found < 0 || compare(hi, lo, endHi[found], endLo[found]) > 0) {
            return NO_MATCH;
        }
        return ((long) labels[found] << 8) | (lengths[found] & 0xFF);
    }

    /** The label of a packed {@link #lookup} result. */
    public static int label(long match) {
        return (int) (match >>> 8);
    }

    /** The prefix length of a packed {@link #lookup} result. */
    public static int length(long match) {
        return (int) (match & 0xFF);
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    /**
     * The table of {@code prefixes} ({@code bits} = 32 or 128). Prefixes either nest or are disjoint (CIDR
     * blocks always do); a prefix given twice is an error.
     */
    public static PrefixTable of(int bits, List<Prefix> prefixes) throws InvalidUpdateException {
        List<Interval> sorted = new ArrayList<>(prefixes.size());
        for (Prefix p : prefixes) {
            BigInteger start = new BigInteger(1, p.address());
            BigInteger size = BigInteger.ONE.shiftLeft(bits - p.length());
            sorted.add(new Interval(start, start.add(size).subtract(BigInteger.ONE), p.label(), p.length()));
        }
        // Outer blocks before the blocks they contain: by start, then shortest prefix first.
        sorted.sort(Comparator.comparing(Interval::start).thenComparingInt(Interval::length));
        List<Interval> out = new ArrayList<>();
        List<Interval> open = new ArrayList<>(); // a stack: each one contains the next
        BigInteger cursor = BigInteger.ZERO;
        for (Interval p : sorted) {
            if (!open.isEmpty()) {
                Interval top = open.getLast();
                if (top.start.equals(p.start) && top.length == p.length) {
                    throw new InvalidUpdateException("prefix " + p.start.toString(16) + "/" + p.length + " given twice");
                }
            }
            while (!open.isEmpty() && open.getLast().end.compareTo(p.start) < 0) {
                cursor = close(open.removeLast(), cursor, out);
            }
            if (!open.isEmpty() && cursor.compareTo(p.start) < 0) {
                Interval top = open.getLast();
                out.add(new Interval(cursor, p.start.subtract(BigInteger.ONE), top.label, top.length));
            }
            open.add(p);
            cursor = p.start;
        }
        while (!open.isEmpty()) {
            cursor = close(open.removeLast(), cursor, out);
        }
        int n = out.size();
        long[] sHi = new long[n];
        long[] sLo = new long[n];
        long[] eHi = new long[n];
        long[] eLo = new long[n];
        int[] labels = new int[n];
        byte[] lengths = new byte[n];
        for (int i = 0; i < n; i++) {
            Interval r = out.get(i);
            sHi[i] = r.start.shiftRight(64).longValue();
            sLo[i] = r.start.longValue();
            eHi[i] = r.end.shiftRight(64).longValue();
            eLo[i] = r.end.longValue();
            labels[i] = r.label;
            lengths[i] = (byte) r.length;
        }
        return new PrefixTable(bits, sHi, sLo, eHi, eLo, labels, lengths);
    }

    /** Emits the rest of {@code block} from {@code cursor}; returns the address after it. */
    private static BigInteger close(Interval block, BigInteger cursor, List<Interval> out) {
        if (cursor.compareTo(block.end) <= 0) {
            out.add(new Interval(cursor, block.end, block.label, block.length));
        }
        BigInteger next = block.end.add(BigInteger.ONE);
        return next.compareTo(cursor) > 0 ? next : cursor;
    }

    private record Interval(BigInteger start, BigInteger end, int label, int length) {}

    @Override
    public String toString() {
        return "PrefixTable[bits=" + bits + ", ranges=" + labels.length + ", labels=" + Arrays.toString(labels) + "]";
    }
}
