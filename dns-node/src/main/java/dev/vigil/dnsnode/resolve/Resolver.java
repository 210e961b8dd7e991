package dev.vigil.dnsnode.resolve;

import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.NameNode;
import dev.vigil.dnsnode.store.ZoneTable;
import java.util.List;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Authoritative resolution as a pure function: (query, answer table) → response. No I/O, no clock, no
 * shared mutable state; everything it reads was compiled when the table was built.
 */
public final class Resolver {

    /** EDNS payload we advertise and honour at most (DNS flag day 2020). */
    public static final int MAX_UDP_PAYLOAD = 1232;
    /** Classic DNS limit: without EDNS, and the floor for a client's advertised size. */
    public static final int MIN_UDP_PAYLOAD = 512;
    /** Longest CNAME chain followed inside a zone. */
    public static final int MAX_CNAME_HOPS = 8;

    private Resolver() {}

    public static Message resolve(Message query, AnswerTable table) {
        Header qh = query.getHeader();
        Message response = new Message(qh.getID());
        Header h = response.getHeader();
        h.setFlag(Flags.QR);
        h.setOpcode(qh.getOpcode());
        if (qh.getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        List<Record> questions = query.getSection(Section.QUESTION);
        if (questions.size() == 1) {
            // The query's own record: its name keeps the client's case (0x20 resolvers check it).
            response.addRecord(questions.getFirst(), Section.QUESTION);
        }
        OPTRecord opt = query.getOPT();
        if (opt != null && opt.getVersion() > 0) {
            response.addRecord(new OPTRecord(payloadFor(opt), Rcode.BADVERS >>> 4, 0, 0), Section.ADDITIONAL);
            h.setRcode(Rcode.BADVERS & 0xF);
            return response;
        }
        h.setRcode(answer(query, questions, table, response));
        if (opt != null) {
            response.addRecord(new OPTRecord(payloadFor(opt), 0, 0, 0), Section.ADDITIONAL);
        }
        return response;
    }

    /** The largest UDP response this query allows. */
    public static int udpLimit(Message query) {
        OPTRecord opt = query.getOPT();
        return opt == null ? MIN_UDP_PAYLOAD : payloadFor(opt);
    }

    private static int payloadFor(OPTRecord opt) {
        return Math.max(MIN_UDP_PAYLOAD, Math.min(opt.getPayloadSize(), MAX_UDP_PAYLOAD));
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
        if (question.getDClass() != DClass.IN || !(Type.isRR(qtype) || qtype == Type.ANY)) {
            return Rcode.REFUSED; // other classes, zone transfers and meta types are not served here
        }
        ZoneTable zone = table.zoneFor(question.getName());
        if (zone == null) {
            return Rcode.REFUSED;
        }
        response.getHeader().setFlag(Flags.AA);
        return answerInZone(zone, question.getName(), qtype, response);
    }

    private static int answerInZone(ZoneTable zone, Name qname, int qtype, Message response) {
        Name name = qname;
        Name[] visited = null;
        for (int hop = 0; ; hop++) {
            NameNode node = zone.node(name);
            if (node == null) {
                addNegativeSoa(zone, response);
                return Rcode.NXDOMAIN;
            }
            if (qtype == Type.ANY && node.size() > 0) {
                for (int i = 0; i < node.size(); i++) {
                    add(node.setAt(i), Section.ANSWER, response);
                }
                return Rcode.NOERROR;
            }
            Record[] exact = node.get(qtype);
            if (exact != null) {
                add(exact, Section.ANSWER, response);
                return Rcode.NOERROR;
            }
            Record[] cname = node.cname();
            if (cname == null || qtype == Type.CNAME) {
                addNegativeSoa(zone, response); // NODATA, empty non-terminals included
                return Rcode.NOERROR;
            }
            add(cname, Section.ANSWER, response);
            Name target = ((CNAMERecord) cname[0]).getTarget();
            if (visited == null) {
                visited = new Name[MAX_CNAME_HOPS];
            }
            visited[hop] = name;
            if (hop + 1 >= MAX_CNAME_HOPS || !target.subdomain(zone.origin()) || contains(visited, target)) {
                return Rcode.NOERROR; // the client resolves the rest (or sees the loop) itself
            }
            name = target;
        }
    }

    private static boolean contains(Name[] names, Name name) {
        for (Name n : names) {
            if (n != null && n.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static void addNegativeSoa(ZoneTable zone, Message response) {
        if (zone.negativeSoa() != null) {
            response.addRecord(zone.negativeSoa(), Section.AUTHORITY);
        }
    }

    private static void add(Record[] records, int section, Message response) {
        for (Record r : records) {
            response.addRecord(r, section);
        }
    }
}
