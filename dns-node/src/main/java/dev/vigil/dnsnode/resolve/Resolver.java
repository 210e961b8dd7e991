package dev.vigil.dnsnode.resolve;

import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.ZoneTable;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.GenericEDNSOption;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Authoritative resolution as a pure function: (query, answer table, UDP cap, client, random draws) → response. No
 * I/O, no clock, no shared mutable state; everything it reads was compiled when the table was built. The in-zone
 * rules (delegations, wildcards, CNAME chains, negative answers) live in {@link ZoneAnswers}; per-query RRsets are
 * picked for the client ({@link Picks}: the EDNS Client Subnet address, else the query's source address).
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
        return resolve(query, table, maxUdpPayload, null, ThreadLocalRandom.current());
    }

    /**
     * {@code client}: the query's source address (null when unknown), used by per-query RRsets when the query has
     * no usable client subnet; {@code random}: the draws for weighted picks.
     */
    public static Message resolve(Message query, AnswerTable table, int maxUdpPayload, InetAddress client,
                                  RandomGenerator random) {
        OPTRecord opt = query.getOPT();
        ClientSubnet ecs = opt == null ? null : clientSubnet(opt);
        if (ecs == MALFORMED) {
            return resolveWith(query, table, maxUdpPayload, null, null);
        }
        return resolveWith(query, table, maxUdpPayload, Picks.of(table.state(), client, ecs, random), ecs);
    }

    /** Marks a query whose client subnet option is malformed (FORMERR). */
    private static final ClientSubnet MALFORMED = new ClientSubnet(0, 0, new byte[0]);

    /** The query's client subnet, null when it has none, {@link #MALFORMED} when it is bad or given twice. */
    private static ClientSubnet clientSubnet(OPTRecord opt) {
        List<EDNSOption> options = opt.getOptions(ClientSubnet.CODE);
        if (options.isEmpty()) {
            return null;
        }
        if (options.size() > 1) {
            return MALFORMED;
        }
        byte[] wire = options.getFirst().toWire(); // code, length, data
        ClientSubnet ecs = ClientSubnet.parse(wire, 4, wire.length - 4);
        return ecs == null ? MALFORMED : ecs;
    }

    /**
     * The response read through {@code selection} (null: FORMERR for a malformed client subnet); {@code ecs} is
     * echoed with the scope the selection depended on, capped at its source prefix length.
     */
    static Message resolveWith(Message query, AnswerTable table, int maxUdpPayload, Selection selection,
                               ClientSubnet ecs) {
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
        if (selection == null) {
            h.setRcode(Rcode.FORMERR);
            response.addRecord(new OPTRecord(maxUdpPayload, 0, 0, doFlag(opt)), Section.ADDITIONAL);
            return response;
        }
        h.setRcode(answer(query, questions, table, response, selection));
        if (opt != null) {
            response.addRecord(responseOpt(opt, maxUdpPayload, ecs, selection.scope()), Section.ADDITIONAL);
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
     * Our OPT: our payload cap, DO echoed, and (RFC 7871) the client subnet option echoed with SCOPE PREFIX-LENGTH
     * = the longest client prefix the answer depended on, capped at the query's source prefix length (0 for
     * static answers and per-query RRsets without a client map).
     */
    private static OPTRecord responseOpt(OPTRecord queryOpt, int maxUdpPayload, ClientSubnet ecs, int scope) {
        if (ecs == null) {
            return new OPTRecord(maxUdpPayload, 0, 0, doFlag(queryOpt));
        }
        EDNSOption echo = new GenericEDNSOption(ClientSubnet.CODE,
                ecs.responseData(Math.min(scope, ecs.sourcePrefix())));
        return new OPTRecord(maxUdpPayload, 0, 0, doFlag(queryOpt), List.of(echo));
    }

    /** Fills the sections and returns the rcode. */
    private static int answer(Message query, List<Record> questions, AnswerTable table, Message response,
                              Selection selection) {
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
        return ZoneAnswers.answer(zone, question.getName(), qtype, response, selection);
    }
}
