package dev.vigil.dnsnode.resolve;

import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.ZoneTable;
import java.util.List;
import org.xbill.DNS.ClientSubnetOption;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Authoritative resolution as a pure function: (query, answer table, UDP cap) → response. No I/O, no clock, no
 * shared mutable state; everything it reads was compiled when the table was built. The in-zone rules
 * (delegations, wildcards, CNAME chains, negative answers) live in {@link ZoneAnswers}.
 */
public final class Resolver {

    /** Default EDNS payload we advertise and honour at most (DNS flag day 2020). */
    public static final int MAX_UDP_PAYLOAD = 1232;
    /** Classic DNS limit: without EDNS, and the floor for a client's advertised size. */
    public static final int MIN_UDP_PAYLOAD = 512;
    /** Longest CNAME chain followed inside a zone. */
    public static final int MAX_CNAME_HOPS = 8;

    private Resolver() {}

    public static Message resolve(Message query, AnswerTable table) {
        return resolve(query, table, MAX_UDP_PAYLOAD);
    }

    /** {@code maxUdpPayload}: the largest UDP response we send (advertised in our OPT record). */
    public static Message resolve(Message query, AnswerTable table, int maxUdpPayload) {
        Header qh = query.getHeader();
        Message response = new Message(qh.getID());
        Header h = response.getHeader();
        h.setFlag(Flags.QR);
        h.setOpcode(qh.getOpcode());
        if (qh.getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        if (qh.getFlag(Flags.CD)) {
            h.setFlag(Flags.CD);
        }
        List<Record> questions = query.getSection(Section.QUESTION);
        if (questions.size() == 1) {
            // The query's own record: its name keeps the client's case (0x20 resolvers check it).
            response.addRecord(questions.getFirst(), Section.QUESTION);
        }
        OPTRecord opt = query.getOPT();
        if (opt != null && opt.getVersion() > 0) {
            response.addRecord(new OPTRecord(maxUdpPayload, Rcode.BADVERS >>> 4, 0, doFlag(opt)), Section.ADDITIONAL);
            h.setRcode(Rcode.BADVERS & 0xF);
            return response;
        }
        h.setRcode(answer(query, questions, table, response));
        if (opt != null) {
            response.addRecord(responseOpt(opt, maxUdpPayload), Section.ADDITIONAL);
        }
        return response;
    }

    /** The largest UDP response this query allows under our cap. */
    public static int udpLimit(Message query, int maxUdpPayload) {
        OPTRecord opt = query.getOPT();
        return opt == null ? MIN_UDP_PAYLOAD : clampPayload(opt.getPayloadSize(), maxUdpPayload);
    }

    public static int udpLimit(Message query) {
        return udpLimit(query, MAX_UDP_PAYLOAD);
    }

    /** RFC 6891: a client's size below 512 is treated as 512; we never send more than our cap. */
    public static int clampPayload(int clientPayload, int maxUdpPayload) {
        return Math.max(MIN_UDP_PAYLOAD, Math.min(clientPayload, maxUdpPayload));
    }

    private static int doFlag(OPTRecord opt) {
        return opt.getFlags() & ExtendedFlags.DO; // RFC 3225: DO is copied into the response
    }

    /**
     * Our OPT: our payload cap, DO echoed, and (RFC 7871) the client subnet option echoed with scope 0 — no
     * answer depends on the client's address yet; a per-query policy that uses it will set the scope.
     */
    private static OPTRecord responseOpt(OPTRecord queryOpt, int maxUdpPayload) {
        List<EDNSOption> subnets = queryOpt.getOptions(EDNSOption.Code.CLIENT_SUBNET);
        if (subnets.isEmpty() || !(subnets.getFirst() instanceof ClientSubnetOption ecs)) {
            return new OPTRecord(maxUdpPayload, 0, 0, doFlag(queryOpt));
        }
        ClientSubnetOption echo = new ClientSubnetOption(ecs.getSourcePrefixLength(), 0, ecs.getAddress());
        return new OPTRecord(maxUdpPayload, 0, 0, doFlag(queryOpt), List.of(echo));
    }

    /** Fills the sections and returns the rcode. */
    private static int answer(Message query, List<Record> questions, AnswerTable table, Message response) {
        if (query.getHeader().getOpcode() != Opcode.QUERY) {
            return Rcode.NOTIMP;
        }
        if (questions.size() != 1) {
            return Rcode.FORMERR;
        }
        Record question = questions.getFirst();
        int qtype = question.getType();
        if (question.getDClass() == DClass.CH) {
            return VersionQuery.answer(question, table.version(), response);
        }
        if (question.getDClass() != DClass.IN || !(Type.isRR(qtype) || qtype == Type.ANY)) {
            return Rcode.REFUSED; // other classes, zone transfers and meta types are not served here
        }
        ZoneTable zone = table.zoneFor(question.getName());
        if (zone == null) {
            return Rcode.REFUSED;
        }
        return ZoneAnswers.answer(zone, question.getName(), qtype, response);
    }
}
