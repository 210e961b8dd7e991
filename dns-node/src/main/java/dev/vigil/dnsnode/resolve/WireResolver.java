package dev.vigil.dnsnode.resolve;

import dev.vigil.dnsnode.store.WireIndex;

/**
 * The hot path: answers the common query straight from the {@link WireIndex} — one hash lookup on the query's
 * name bytes, one copy of a precompiled response, then the ID, RD and question-case patch (and our OPT record
 * when the query had a plain one). Returns null for anything else, which then goes to the {@link Resolver}:
 * other opcodes or classes, CD, EDNS options or versions, more than one question or record, names or types
 * not precompiled, and answers larger than the client allows.
 */
public final class WireResolver {

    private static final int HEADER = 12;
    private static final int OPT_LENGTH = 11;
    private static final int TYPE_OPT = 41;
    private static final int CLASS_IN = 1;
    private static final int TYPE_ANY = 255;
    private static final int NXDOMAIN = 3;
    /** Set in a {@link #prepare}d value that holds a name hash (in its low 32 bits). */
    private static final long PREPARED = 1L << 32;

    private WireResolver() {}

    /** Largest response {@link #answerInto} can write (a TCP message). */
    public static final int MAX_ANSWER = 0xFFFF;
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[MAX_ANSWER]);

    /**
     * The response to {@code q[0, length)}, or null to use the resolver. {@code udp}: the limit then comes from the
     * query's EDNS size, capped at {@code maxUdpPayload}; otherwise it is a TCP message's.
     */
    public static byte[] answer(WireIndex index, byte[] q, int length, int maxUdpPayload, boolean udp) {
        byte[] scratch = SCRATCH.get();
        int n = answerInto(index, q, length, maxUdpPayload, udp, scratch);
        return n < 0 ? null : java.util.Arrays.copyOf(scratch, n);
    }

    /**
     * {@link #answer} without allocating: writes the response to {@code out[0, n)} and returns {@code n}, or -1 to
     * use the resolver (also when {@code out} is too small). Every byte of the response is written, so {@code out}
     * can be reused across calls (the UDP path keeps one per socket).
     */
    public static int answerInto(WireIndex index, byte[] q, int length, int maxUdpPayload, boolean udp, byte[] out) {
        return answerInto(index, q, length, maxUdpPayload, udp, out, 0);
    }

    /**
     * Prepares a batch for {@link #answerInto(WireIndex, byte[], int, int, boolean, byte[], long)}: sets
     * {@code prepared[i]} to what that method takes for {@code queries[i][0, lengths[i])} (its name's hash, or 0 when
     * the precompiled path will not look the name up) and reads the index memory each lookup will read first, one
     * pass per level (hash slots, then records) over the whole batch, so the cache misses of a pass overlap instead
     * of being taken one query after the other. Returns a sum of the bytes read (so that the reads are made).
     */
    public static int prepare(WireIndex index, byte[][] queries, int[] lengths, int count, long[] prepared, long[] slots) {
        for (int i = 0; i < count; i++) {
            byte[] q = queries[i];
            int nameLength = nameLength(q, lengths[i]);
            if (nameLength < 0) {
                prepared[i] = 0;
                slots[i] = 0;
                continue;
            }
            int h = WireIndex.nameHash(q, HEADER, nameLength);
            prepared[i] = PREPARED | (h & 0xFFFF_FFFFL);
            slots[i] = index.firstSlot(h);
        }
        int read = 0;
        for (int i = 0; i < count; i++) {
            read += index.touchRecord((int) prepared[i], slots[i]);
        }
        return read;
    }

    /**
     * {@link #answerInto(WireIndex, byte[], int, int, boolean, byte[])} for a query {@link #prepare} has seen
     * ({@code prepared}: its value for this query; 0 computes it).
     */
    public static int answerInto(WireIndex index, byte[] q, int length, int maxUdpPayload, boolean udp, byte[] out,
                                 long prepared) {
        int nameLength = nameLength(q, length);
        if (nameLength < 0) {
            return -1;
        }
        int pos = HEADER + nameLength;
        if (pos + 4 > length) {
            return -1;
        }
        int qtype = u16(q, pos);
        if (u16(q, pos + 2) != CLASS_IN || qtype == TYPE_ANY) {
            return -1;
        }
        pos += 4;
        int questionEnd = pos;
        boolean edns = q[11] == 1;
        int limit = Math.min(out.length, udp ? Resolver.MIN_UDP_PAYLOAD : MAX_ANSWER);
        int doFlag = 0;
        if (edns) {
            if (pos + OPT_LENGTH != length || q[pos] != 0 || u16(q, pos + 1) != TYPE_OPT
                    || q[pos + 5] != 0 || q[pos + 6] != 0 || u16(q, pos + 9) != 0) {
                return -1; // not a plain version-0 OPT without options (ECS, cookies, …) at the very end
            }
            doFlag = q[pos + 7] & 0x80;
            if (udp) {
                limit = Math.min(out.length, Resolver.clampPayload(u16(q, pos + 3), maxUdpPayload));
            }
        } else if (pos != length) {
            return -1; // trailing bytes: let the parser decide
        }
        int opt = edns ? OPT_LENGTH : 0;
        long at = (prepared & PREPARED) != 0 ? index.locate(q, HEADER, nameLength, (int) prepared)
                : index.locate(q, HEADER, nameLength);
        if (at >= 0) {
            pos = index.copyAnswer(at, qtype, out, limit - opt);
            if (pos < 0) {
                return -1;
            }
            System.arraycopy(q, HEADER, out, HEADER, nameLength); // the client's case, same length
        } else {
            pos = nxdomain(index, q, nameLength, questionEnd, limit - opt, out);
            if (pos < 0) {
                return -1;
            }
        }
        out[0] = q[0];
        out[1] = q[1];
        out[2] |= (byte) (q[2] & 0x01); // RD
        if (edns) {
            int arcount = u16(out, 10) + 1;
            out[10] = (byte) (arcount >>> 8);
            out[11] = (byte) arcount;
            out[pos] = 0; // root owner
            out[pos + 1] = 0;
            out[pos + 2] = TYPE_OPT;
            out[pos + 3] = (byte) (maxUdpPayload >>> 8);
            out[pos + 4] = (byte) maxUdpPayload;
            out[pos + 5] = 0; // extended rcode
            out[pos + 6] = 0; // version
            out[pos + 7] = (byte) doFlag;
            out[pos + 8] = 0;
            out[pos + 9] = 0; // RDLENGTH
            out[pos + 10] = 0;
        }
        return pos + opt;
    }

    /**
     * The wire length of the query's name (plain labels only), or -1 when the precompiled path declines the query
     * by its header (QR, an opcode other than QUERY, TC, CD, counts other than 1 question and at most 1 additional)
     * or its name.
     */
    private static int nameLength(byte[] q, int length) {
        if (length < HEADER + 5 || (q[2] & 0xF8) != 0 || (q[3] & 0x10) != 0
                || q[4] != 0 || q[5] != 1 || (q[6] | q[7] | q[8] | q[9] | q[10]) != 0 || (q[11] & 0xFE) != 0) {
            return -1;
        }
        int pos = HEADER;
        while (true) {
            int label = q[pos] & 0xFF;
            if (label == 0) {
                return pos + 1 - HEADER;
            }
            if (label > 63) {
                return -1;
            }
            pos += label + 1;
            if (pos >= length || pos - HEADER > 254) {
                return -1;
            }
        }
    }

    /**
     * NXDOMAIN, written to {@code out} without an OPT record, when the closest existing ancestor's zone guarantees it
     * (no wildcard, no cut): returns its length, or -1.
     */
    private static int nxdomain(WireIndex index, byte[] q, int nameLength, int questionEnd, int limit, byte[] out) {
        int offset = HEADER;
        long encloser = -1;
        while ((q[offset] & 0xFF) != 0 && encloser < 0) {
            offset += (q[offset] & 0xFF) + 1;
            encloser = index.locate(q, offset, HEADER + nameLength - offset);
        }
        if (encloser < 0) {
            return -1;
        }
        int originLength = index.negativeOriginLength(encloser);
        int originOffset = HEADER + nameLength - originLength;
        if (originLength < 0 || originOffset < HEADER) {
            return -1;
        }
        int soa = index.copyNegativeSoa(encloser, out, questionEnd + 2, limit);
        if (soa < 0) {
            return -1;
        }
        System.arraycopy(q, HEADER, out, HEADER, questionEnd - HEADER);
        out[2] = (byte) 0x84; // QR, AA
        out[3] = NXDOMAIN;
        out[4] = 0;
        out[5] = 1; // QDCOUNT
        out[6] = 0;
        out[7] = 0;
        out[8] = 0;
        out[9] = 1; // NSCOUNT
        out[10] = 0;
        out[11] = 0;
        out[questionEnd] = (byte) (0xC0 | (originOffset >>> 8));
        out[questionEnd + 1] = (byte) originOffset;
        return questionEnd + 2 + soa;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }
}
