package dev.vigil.dnsnode.store;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/** One zone compiled for queries: every existing name (empty non-terminals included) and the negative-answer SOA. */
public final class ZoneTable {

    private final Name origin;
    private final Map<Name, NameNode> nodes;
    private final SOARecord negativeSoa;

    private ZoneTable(Name origin, Map<Name, NameNode> nodes, SOARecord negativeSoa) {
        this.origin = origin;
        this.nodes = nodes;
        this.negativeSoa = negativeSoa;
    }

    static ZoneTable compile(ZoneData zone) {
        Map<Name, Map<Integer, List<Record>>> byName = new HashMap<>();
        zone.rrsets().forEach((key, records) ->
                byName.computeIfAbsent(key.name(), n -> new LinkedHashMap<>()).put(key.type(), records));
        Map<Name, NameNode> nodes = new HashMap<>(byName.size() * 2);
        byName.forEach((name, types) -> nodes.put(name, NameNode.of(types)));
        for (Name owner : byName.keySet()) {
            addEmptyNonTerminals(zone.origin(), owner, nodes);
        }
        nodes.putIfAbsent(zone.origin(), NameNode.EMPTY_NON_TERMINAL);
        return new ZoneTable(zone.origin(), nodes, negativeSoa(zone));
    }

    /** Every ancestor of {@code owner} below or at the origin exists, even if it owns nothing. */
    private static void addEmptyNonTerminals(Name origin, Name owner, Map<Name, NameNode> nodes) {
        for (int strip = 1; strip < owner.labels() - origin.labels(); strip++) {
            nodes.putIfAbsent(new Name(owner, strip), NameNode.EMPTY_NON_TERMINAL);
        }
    }

    /** RFC 2308: the SOA in a negative answer carries TTL = min(SOA TTL, SOA MINIMUM). */
    private static SOARecord negativeSoa(ZoneData zone) {
        List<Record> soa = zone.rrsets().get(new RRsetKey(zone.origin(), Type.SOA));
        if (soa == null || soa.isEmpty() || !(soa.getFirst() instanceof SOARecord s)) {
            return null;
        }
        long ttl = Math.min(s.getTTL(), s.getMinimum());
        return new SOARecord(s.getName(), s.getDClass(), ttl, s.getHost(), s.getAdmin(), s.getSerial(),
                s.getRefresh(), s.getRetry(), s.getExpire(), s.getMinimum());
    }

    public Name origin() {
        return origin;
    }

    /** The node at {@code name} (must be in this zone), or null when the name does not exist. */
    public NameNode node(Name name) {
        return nodes.get(name);
    }

    /** The SOA for negative answers, or null when the zone has no SOA. */
    public SOARecord negativeSoa() {
        return negativeSoa;
    }
}
