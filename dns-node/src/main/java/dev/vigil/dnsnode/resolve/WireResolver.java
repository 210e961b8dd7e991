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

    private WireResolver() {}

    /**
     * The response to {@code q[0, length)}, or null to use the resolver. {@code sizeLimit}: 0 for UDP (the limit
     * then comes from the query's EDNS size, capped at {@code maxUdpPayload}), otherwise the transport's limit.
     */
    public static byte[] answer(WireIndex index, byte[] q, int length, int maxUdpPayload, boolean udp) {
        if (length < HEADER + 5 || (q[2] & 0xF8) != 0 || (q[3] & 0x10) != 0
                || q[4] != 0 || q[5] != 1 || (q[6] | q[7] | q[8] | q[9] | q[10]) != 0 || (q[11] & 0xFE) != 0) {
            return null; // QR, opcode other than QUERY, TC, CD, counts other than 1 question and at most 1 additional
        }
        int pos = HEADER;
        while (true) { // the query name: plain labels only
            int label = q[pos] & 0xFF;
            if (label == 0) {
                break;
            }
            if (label > 63) {
                return null;
            }
            pos += label + 1;
            if (pos >= length || pos - HEADER > 254) {
                return null;
            }
        }
        int nameLength = pos + 1 - HEADER;
        pos += 1;
        if (pos + 4 > length) {
            return null;
        }
        int qtype = u16(q, pos);
        if (u16(q, pos + 2) != CLASS_IN || qtype == TYPE_ANY) {
            return null;
        }
        pos += 4;
        int questionEnd = pos;
        boolean edns = q[11] == 1;
        int limit = udp ? Resolver.MIN_UDP_PAYLOAD : 0xFFFF;
        int doFlag = 0;
        if (edns) {
            if (pos + OPT_LENGTH != length || q[pos] != 0 || u16(q, pos + 1) != TYPE_OPT
                    || q[pos + 5] != 0 || q[pos + 6] != 0 || u16(q, pos + 9) != 0) {
                return null; // not a plain version-0 OPT without options (ECS, cookies, …) at the very end
            }
            doFlag = q[pos + 7] & 0x80;
            if (udp) {
                limit = Resolver.clampPayload(u16(q, pos + 3), maxUdpPayload);
            }
        } else if (pos != length) {
            return null; // trailing bytes: let the parser decide
        }
        WireIndex.Entry entry = index.find(q, HEADER, nameLength);
        byte[] out;
        if (entry != null) {
            byte[] template = entry.answer(qtype);
            if (template == null || template.length + (edns ? OPT_LENGTH : 0) > limit) {
                return null;
            }
            out = new byte[template.length + (edns ? OPT_LENGTH : 0)];
            System.arraycopy(template, 0, out, 0, template.length);
            System.arraycopy(q, HEADER, out, HEADER, nameLength); // the client's case, same length
            pos = template.length;
        } else {
            out = nxdomain(index, q, nameLength, questionEnd, edns, limit);
            if (out == null) {
                return null;
            }
            pos = out.length - (edns ? OPT_LENGTH : 0);
        }
        out[0] = q[0];
        out[1] = q[1];
        out[2] |= (byte) (q[2] & 0x01); // RD
        if (edns) {
            int arcount = u16(out, 10) + 1;
            out[10] = (byte) (arcount >>> 8);
            out[11] = (byte) arcount;
            out[pos + 2] = TYPE_OPT;
            out[pos + 3] = (byte) (maxUdpPayload >>> 8);
            out[pos + 4] = (byte) maxUdpPayload;
            out[pos + 7] = (byte) doFlag;
        }
        return out;
    }

    /** NXDOMAIN when the closest existing ancestor's zone guarantees it (no wildcard, no cut); else null. */
    private static byte[] nxdomain(WireIndex index, byte[] q, int nameLength, int questionEnd, boolean edns, int limit) {
        int offset = HEADER;
        WireIndex.Entry encloser = null;
        while ((q[offset] & 0xFF) != 0 && encloser == null) {
            offset += (q[offset] & 0xFF) + 1;
            encloser = index.find(q, offset, HEADER + nameLength - offset);
        }
        if (encloser == null || encloser.negative() == null) {
            return null;
        }
        WireIndex.NegativeTail tail = encloser.negative();
        int originOffset = HEADER + nameLength - tail.originWireLength();
        if (originOffset < HEADER) {
            return null;
        }
        int length = questionEnd + 2 + tail.soaWithoutOwner().length + (edns ? OPT_LENGTH : 0);
        if (length > limit) {
            return null;
        }
        byte[] out = new byte[length];
        System.arraycopy(q, HEADER, out, HEADER, questionEnd - HEADER);
        out[2] = (byte) 0x84; // QR, AA
        out[3] = NXDOMAIN;
        out[5] = 1; // QDCOUNT
        out[9] = 1; // NSCOUNT
        out[questionEnd] = (byte) (0xC0 | (originOffset >>> 8));
        out[questionEnd + 1] = (byte) originOffset;
        System.arraycopy(tail.soaWithoutOwner(), 0, out, questionEnd + 2, tail.soaWithoutOwner().length);
        return out;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }
}
