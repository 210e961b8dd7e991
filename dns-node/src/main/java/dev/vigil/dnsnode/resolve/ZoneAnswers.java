package dev.vigil.dnsnode.resolve;

import dev.vigil.dnsnode.store.NameNode;
import dev.vigil.dnsnode.store.ZoneTable;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The in-zone algorithm of RFC 1034 4.3.2 with RFC 4592 wildcards: referral at a zone cut, exact match,
 * wildcard synthesis from the closest encloser, CNAME chains (loop-safe, inside the zone), and negative
 * answers with the SOA (RFC 2308). Every RRset is read through a {@link Selection}, so a per-query RRset is
 * answered with the variant picked for this query, wherever the algorithm meets it (the name itself, a CNAME
 * chain, a wildcard, glue, ANY).
 */
final class ZoneAnswers {

    private ZoneAnswers() {}

    private static final Name WILDCARD = Name.fromConstantString("*");

    static int answer(ZoneTable zone, Name qname, int qtype, Message response, Selection selection) {
        response.getHeader().setFlag(Flags.AA);
        Name name = qname;
        Name[] visited = null;
        for (int hop = 0; ; hop++) {
            Name cut = zone.cutAbove(name);
            if (cut != null && !(qtype == Type.DS && cut.equals(name))) {
                if (hop == 0) {
                    return referral(zone, cut, response, selection);
                }
                return Rcode.NOERROR; // a chain into delegated space: the client follows the CNAME itself
            }
            NameNode node = zone.node(name);
            Name owner = name;
            boolean synthesized = false;
            if (node == null) {
                Name encloser = zone.closestEncloser(name);
                node = zone.wildcardAt(encloser);
                if (node == null) {
                    addNegativeSoa(zone, response);
                    return Rcode.NXDOMAIN;
                }
                synthesized = true; // RFC 4592: the wildcard's records, owned by the query name
                owner = wildcard(encloser);
            }
            if (qtype == Type.ANY && node.size() > 0) {
                // RFC 8482: one RRset is enough, the first one this query has records for.
                for (int i = 0; i < node.size(); i++) {
                    Record[] set = selection.records(zone, owner, node, node.typeAt(i));
                    if (set != null) {
                        add(set, name, synthesized, response);
                        return Rcode.NOERROR;
                    }
                }
                addNegativeSoa(zone, response);
                return Rcode.NOERROR;
            }
            Record[] exact = selection.records(zone, owner, node, qtype);
            if (exact != null) {
                add(exact, name, synthesized, response);
                if (qtype == Type.NS) {
                    addAddresses(zone, exact, response, selection); // RFC 1035 additional processing, as NSD does
                }
                return Rcode.NOERROR;
            }
            Record[] cname = selection.records(zone, owner, node, Type.CNAME);
            if (cname == null || qtype == Type.CNAME) {
                addNegativeSoa(zone, response); // NODATA, empty non-terminals included
                return Rcode.NOERROR;
            }
            add(cname, name, synthesized, response);
            Name target = ((CNAMERecord) cname[0]).getTarget();
            if (visited == null) {
                visited = new Name[MAX_HOPS];
            }
            visited[hop] = name;
            if (hop + 1 >= MAX_HOPS || !target.subdomain(zone.origin()) || contains(visited, target)) {
                return Rcode.NOERROR; // the client resolves the rest (or sees the loop) itself
            }
            name = target;
        }
    }

    private static final int MAX_HOPS = Resolver.MAX_CNAME_HOPS;

    /** Not authoritative below a cut: the cut's NS RRset in authority, in-zone addresses of its servers as glue. */
    private static int referral(ZoneTable zone, Name cut, Message response, Selection selection) {
        response.getHeader().unsetFlag(Flags.AA);
        Record[] ns = zone.node(cut).get(Type.NS);
        for (Record r : ns) {
            response.addRecord(r, Section.AUTHORITY);
        }
        addAddresses(zone, ns, response, selection);
        return Rcode.NOERROR;
    }

    /** The in-zone A and AAAA records of the name servers in {@code ns}, in the additional section. */
    private static void addAddresses(ZoneTable zone, Record[] ns, Message response, Selection selection) {
        for (Record r : ns) {
            Name server = ((NSRecord) r).getTarget();
            if (!server.subdomain(zone.origin())) {
                continue;
            }
            NameNode glue = zone.node(server);
            if (glue != null) {
                addAll(selection.records(zone, server, glue, Type.A), Section.ADDITIONAL, response);
                addAll(selection.records(zone, server, glue, Type.AAAA), Section.ADDITIONAL, response);
            }
        }
    }

    /** The wildcard owner {@code *.<encloser>}. */
    private static Name wildcard(Name encloser) {
        try {
            return Name.concatenate(WILDCARD, encloser);
        } catch (org.xbill.DNS.NameTooLongException e) {
            return encloser; // cannot happen: the wildcard node exists, so its name fits
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

    private static void add(Record[] records, Name owner, boolean synthesized, Message response) {
        for (Record r : records) {
            response.addRecord(synthesized ? r.withName(owner) : r, Section.ANSWER);
        }
    }

    private static void addAll(Record[] records, int section, Message response) {
        if (records != null) {
            for (Record r : records) {
                response.addRecord(r, section);
            }
        }
    }
}
