package dev.vigil.dnsnode.wire;

import dev.vigil.dnsnode.resolve.Resolver;
import dev.vigil.dnsnode.resolve.SelectiveResolver;
import dev.vigil.dnsnode.resolve.WireResolver;
import dev.vigil.dnsnode.store.AnswerTable;
import java.net.InetAddress;
import java.util.function.Supplier;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;

/**
 * One packet in, one packet (or silence) out: parse, resolve against the current table, encode within the
 * transport's size limit. Never throws: bad input becomes FORMERR or silence, a bug becomes SERVFAIL.
 */
public final class QueryHandler {

    static final int HEADER_LENGTH = 12;
    static final int MAX_TCP_MESSAGE = 0xFFFF;

    private final Supplier<AnswerTable> answers;
    private final QueryObserver observer;
    private final int maxUdpPayload;

    public QueryHandler(Supplier<AnswerTable> answers, QueryObserver observer) {
        this(answers, observer, Resolver.MAX_UDP_PAYLOAD);
    }

    /** {@code maxUdpPayload}: the largest UDP response (512..65535), advertised in our OPT record. */
    public QueryHandler(Supplier<AnswerTable> answers, QueryObserver observer, int maxUdpPayload) {
        this.answers = answers;
        this.observer = observer;
        this.maxUdpPayload = maxUdpPayload;
    }

    /**
     * The response to {@code packet}, or null when nothing should be sent back.
     *
     * @param client the query's source address; per-query routing policies (issue 6) use it when the query
     *     carries no EDNS Client Subnet
     */
    public byte[] handle(byte[] packet, Transport transport, InetAddress client) {
        AnswerTable table = answers.get();
        byte[] fast = WireResolver.answer(table.wire(), packet, packet.length, maxUdpPayload, transport == Transport.UDP);
        if (fast != null) {
            observer.answered(transport, fast[3] & 0x0F);
            return fast;
        }
        byte[] selective = SelectiveResolver.answer(table, packet, packet.length, maxUdpPayload,
                transport == Transport.UDP, client, java.util.concurrent.ThreadLocalRandom.current());
        if (selective != null) {
            observer.answered(transport, selective[3] & 0x0F);
            return selective;
        }
        Message query;
        try {
            query = new Message(packet);
        } catch (Exception e) {
            observer.malformed(transport);
            return packet.length >= HEADER_LENGTH && !isResponse(packet) ? formErr(packet, transport) : null;
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            observer.malformed(transport); // a response sent to us: answering could start a loop
            return null;
        }
        try {
            Message response = Resolver.resolve(query, table, maxUdpPayload, client,
                    java.util.concurrent.ThreadLocalRandom.current());
            int limit = transport == Transport.UDP ? Resolver.udpLimit(query, maxUdpPayload) : MAX_TCP_MESSAGE;
            byte[] wire = response.toWire(limit);
            observer.answered(transport, response.getRcode());
            return wire;
        } catch (RuntimeException e) {
            observer.failed(transport, e);
            observer.answered(transport, Rcode.SERVFAIL);
            return headerOnly(packet, Rcode.SERVFAIL);
        }
    }

    /** The largest UDP response this handler sends. */
    public int maxUdpPayload() {
        return maxUdpPayload;
    }

    /**
     * The common query answered without allocating: the precompiled response to {@code packet[0, length)} written
     * to {@code out[0, n)}; returns {@code n}, or -1 when the caller must use {@link #handle} (with a copy of exactly
     * the packet) — for anything the precompiled answers do not cover, including per-query routing and errors.
     */
    public int answerPrecompiled(byte[] packet, int length, Transport transport, byte[] out) {
        int n = answerPrecompiledUncounted(packet, length, transport, out);
        if (n >= 0) {
            observer.answered(transport, out[3] & 0x0F);
        }
        return n;
    }

    /**
     * {@link #answerPrecompiled} without telling the observer: the caller reports the answer (rcode
     * {@code out[3] & 0x0F}) itself, before it is sent; the mmsg workers count a batch's answers and report them once.
     */
    public int answerPrecompiledUncounted(byte[] packet, int length, Transport transport, byte[] out) {
        return answerPrecompiledUncounted(packet, length, transport, out, 0);
    }

    /**
     * {@link #answerPrecompiledUncounted(byte[], int, Transport, byte[])} for a packet of a batch given to
     * {@link #prepare}; {@code prepared} is its value from there (for exactly these bytes) or 0.
     */
    public int answerPrecompiledUncounted(byte[] packet, int length, Transport transport, byte[] out, long prepared) {
        return WireResolver.answerInto(answers.get().wire(), packet, length, maxUdpPayload, transport == Transport.UDP,
                out, prepared);
    }

    /**
     * Starts the lookups of a batch of packets ({@code packets[i][0, lengths[i])}) at once, so that their cache
     * misses overlap (see {@link WireResolver#prepare}): fills {@code prepared[0, count)} (and uses {@code slots} as
     * scratch). Returns a value of the memory read, for the caller to keep.
     */
    public int prepare(byte[][] packets, int[] lengths, int count, long[] prepared, long[] slots) {
        return WireResolver.prepare(answers.get().wire(), packets, lengths, count, prepared, slots);
    }

    private static boolean isResponse(byte[] packet) {
        return (packet[2] & 0x80) != 0;
    }

    private byte[] formErr(byte[] packet, Transport transport) {
        observer.answered(transport, Rcode.FORMERR);
        return headerOnly(packet, Rcode.FORMERR);
    }

    /** A bare header echoing the query's ID, opcode and RD, with no sections. */
    private static byte[] headerOnly(byte[] packet, int rcode) {
        byte[] out = new byte[HEADER_LENGTH];
        out[0] = packet[0];
        out[1] = packet[1];
        out[2] = (byte) (0x80 | (packet[2] & 0x79)); // QR, opcode (bits 3-6), RD (bit 0)
        out[3] = (byte) (rcode & 0x0F);
        return out;
    }
}
