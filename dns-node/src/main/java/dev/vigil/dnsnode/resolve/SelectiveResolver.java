package dev.vigil.dnsnode.resolve;

import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.SelectiveAnswer;
import dev.vigil.dnsnode.store.SelectiveIndex;
import java.net.InetAddress;
import java.util.random.RandomGenerator;

/**
 * The fast path for per-query answers, next to {@link WireResolver}: finds the query's (name, qtype) in the
 * {@link SelectiveIndex}, takes the client address (the EDNS Client Subnet's when the query has one with a
 * non-zero source prefix, else the query's source address), looks up its label, picks a weighted option, and
 * copies that variant's precompiled response, patched like a static one; when the query had ECS, the response
 * echoes it with SCOPE PREFIX-LENGTH = the matched prefix length (capped at the source prefix length). A static
 * precompiled answer asked with ECS (which {@link WireResolver} leaves alone) is served here too, with scope 0.
 * Returns null for anything else — other EDNS options, malformed ECS (FORMERR), answers larger than the client
 * allows — which then goes to the {@link Resolver} with live picks.
 */
public final class SelectiveResolver {

    private static final int HEADER = 12;
    private static final int OPT_LENGTH = 11;
    private static final int TYPE_OPT = 41;
    private static final int CLASS_IN = 1;
    private static final int TYPE_ANY = 255;

    private SelectiveResolver() {}

    /** The response to {@code q[0, length)}, or null to use the resolver. */
    public static byte[] answer(AnswerTable table, byte[] q, int length, int maxUdpPayload, boolean udp,
                                InetAddress client, RandomGenerator random) {
        SelectiveIndex index = table.selective();
        if ((index.size() == 0 && q.length > 11 && q[11] == 0) || length < HEADER + 5 || (q[2] & 0xF8) != 0 || (q[3] & 0x10) != 0
                || q[4] != 0 || q[5] != 1 || (q[6] | q[7] | q[8] | q[9] | q[10]) != 0 || (q[11] & 0xFE) != 0) {
            return null;
        }
        int pos = HEADER;
        while (true) {
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
        SelectiveIndex.Entry entry = index.find(q, HEADER, nameLength);
        SelectiveAnswer answer = entry == null ? null : entry.answer(qtype);
        if (answer == null && q[11] == 0) {
            return null; // static, without EDNS: the static fast path has had its chance
        }
        pos += 4;
        boolean edns = q[11] == 1;
        int limit = udp ? Resolver.MIN_UDP_PAYLOAD : 0xFFFF;
        int doFlag = 0;
        int ecs = -1; // offset of the client subnet option's data
        int ecsLength = 0;
        if (edns) {
            if (pos + OPT_LENGTH > length || q[pos] != 0 || u16(q, pos + 1) != TYPE_OPT
                    || q[pos + 5] != 0 || q[pos + 6] != 0 || pos + OPT_LENGTH + u16(q, pos + 9) != length) {
                return null;
            }
            for (int o = pos + OPT_LENGTH; o < length; ) {
                if (o + 4 > length || o + 4 + u16(q, o + 2) > length) {
                    return null;
                }
                if (u16(q, o) != ClientSubnet.CODE || ecs >= 0) {
                    return null; // other options, or ECS twice: the resolver decides
                }
                ecs = o + 4;
                ecsLength = u16(q, o + 2);
                o = ecs + ecsLength;
            }
            doFlag = q[pos + 7] & 0x80;
            if (udp) {
                limit = Resolver.clampPayload(u16(q, pos + 3), maxUdpPayload);
            }
        } else if (pos != length) {
            return null;
        }
        int source = -1;
        if (ecs >= 0) {
            source = validSource(q, ecs, ecsLength);
            if (source < 0) {
                return null; // malformed: the resolver answers FORMERR
            }
        }
        byte[] template;
        int scope = 0;
        if (answer != null) {
            long pick = pick(answer, q, ecs, ecsLength, source, client, random);
            template = answer.response(ClientPick.variant(pick));
            scope = answer.map() == null ? 0 : Math.min(ClientPick.scope(pick), source);
        } else {
            template = ecs < 0 ? null : table.wire().answer(q, HEADER, nameLength, qtype);
            if (template == null) {
                return null; // not precompiled (NXDOMAIN, wildcards, …), or no ECS: the resolver answers
            }
        }
        int optLength = edns ? OPT_LENGTH + (ecs >= 0 ? 4 + ecsLength : 0) : 0;
        if (template.length + optLength > limit) {
            return null;
        }
        byte[] out = new byte[template.length + optLength];
        System.arraycopy(template, 0, out, 0, template.length);
        System.arraycopy(q, HEADER, out, HEADER, nameLength); // the client's case, same length
        out[0] = q[0];
        out[1] = q[1];
        out[2] |= (byte) (q[2] & 0x01); // RD
        if (edns) {
            int arcount = u16(out, 10) + 1;
            out[10] = (byte) (arcount >>> 8);
            out[11] = (byte) arcount;
            int o = template.length;
            out[o + 2] = TYPE_OPT;
            out[o + 3] = (byte) (maxUdpPayload >>> 8);
            out[o + 4] = (byte) maxUdpPayload;
            out[o + 7] = (byte) doFlag;
            if (ecs >= 0) {
                int rdlength = 4 + ecsLength;
                out[o + 9] = (byte) (rdlength >>> 8);
                out[o + 10] = (byte) rdlength;
                System.arraycopy(q, ecs - 4, out, o + OPT_LENGTH, 4 + ecsLength); // code, length, the query's data
                out[o + OPT_LENGTH + 4 + 3] = (byte) Math.max(0, scope);
            }
        }
        return out;
    }

    /** The pick for this query's client: the ECS address when its source prefix is above 0, else the source. */
    private static long pick(SelectiveAnswer answer, byte[] q, int ecs, int ecsLength, int source, InetAddress client,
                             RandomGenerator random) {
        if (answer.map() == null) {
            return ClientPick.pick(answer.rrset(), null, 0, 0, 0, source, random);
        }
        if (source > 0) {
            int family = q[ecs + 1] == 1 ? 4 : 6;
            return ClientPick.pick(answer.rrset(), answer.map(), family, ClientPick.high(family, q, ecs + 4, ecsLength - 4),
                    ClientPick.low(family, q, ecs + 4, ecsLength - 4), source, random);
        }
        int family = ClientPick.family(client);
        byte[] a = client == null ? null : client.getAddress();
        return ClientPick.pick(answer.rrset(), answer.map(), family, a == null ? 0 : ClientPick.high(family, a, 0, a.length),
                a == null ? 0 : ClientPick.low(family, a, 0, a.length), ecs >= 0 ? 0 : -1, random);
    }

    /** The SOURCE PREFIX-LENGTH of a well-formed client subnet option at {@code q[offset]}, else -1 (see {@link ClientSubnet}). */
    private static int validSource(byte[] q, int offset, int length) {
        if (length < 4 || q[offset] != 0 || (q[offset + 1] != 1 && q[offset + 1] != 2)) {
            return -1;
        }
        int bits = q[offset + 1] == 1 ? 32 : 128;
        int source = q[offset + 2] & 0xFF;
        if (source > bits || q[offset + 3] != 0 || length - 4 != (source + 7) / 8) {
            return -1;
        }
        if (source % 8 != 0 && (q[offset + length - 1] & (0xFF >>> (source % 8))) != 0) {
            return -1;
        }
        return source;
    }

    private static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }
}
