package dev.vigil.dnsnode.resolve;

import dev.vigil.dnsnode.store.AnswerState;
import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.ClientMapData;
import dev.vigil.dnsnode.store.NameNode;
import dev.vigil.dnsnode.store.RRsetKey;
import dev.vigil.dnsnode.store.SelectiveAnswer;
import dev.vigil.dnsnode.store.SelectiveIndex;
import dev.vigil.dnsnode.store.SelectiveRRsetData;
import dev.vigil.dnsnode.store.WireIndex;
import dev.vigil.dnsnode.store.ZoneTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Precompiles per-query answers after the static ones ({@link AnswerPrecompiler}): every answer that reads a
 * per-query RRset (the RRset's own name, CNAME chains and glue leading to it, wildcard owners) leaves the static
 * {@link WireIndex} — so the fast path never serves it — and, when it reads exactly one such RRset, gets one
 * whole response per variant (plus one for an empty choice) in the {@link SelectiveIndex}, which
 * {@link SelectiveResolver} serves after looking up the client. An answer that reads several per-query RRsets is
 * left to the resolver with live picks ({@link Picks}).
 */
public final class SelectivePrecompiler {

    private static final Name WILDCARD = Name.fromConstantString("*");

    private SelectivePrecompiler() {}

    /** {@code table} (with its static wire index) with its per-query answers precompiled. */
    public static AnswerTable apply(AnswerTable table) {
        return apply(table, null);
    }

    /**
     * Like {@link #apply(AnswerTable)}, reusing {@code previous}'s answers at every name whose answers cannot have
     * changed: a change (a failover flipping one variant) recompiles the names it touches, not every per-query name.
     */
    public static AnswerTable apply(AnswerTable table, AnswerTable previous) {
        AnswerState state = table.state();
        if (state.selective().isEmpty()) {
            return table.selective().size() == 0 ? table : table.withSelective(SelectiveIndex.EMPTY);
        }
        boolean comparable = previous != null && previous.state().clientMaps().equals(state.clientMaps())
                && previous.state().zones().keySet().equals(state.zones().keySet());
        Map<WireIndex.Key, WireIndex.Entry> staticEntries = new HashMap<>();
        Map<WireIndex.Key, SelectiveIndex.Entry> selective = new HashMap<>();
        for (ZoneTable zone : table.zones()) {
            Map<RRsetKey, SelectiveRRsetData> rrsets = state.selective(zone.origin());
            if (rrsets.isEmpty()) {
                continue;
            }
            ZoneTable before = comparable ? previous.zoneFor(zone.origin()) : null;
            boolean unchanged = before != null
                    && previous.state().zones().get(zone.origin()) == state.zones().get(zone.origin())
                    && previous.state().selective(zone.origin()) == rrsets;
            for (Name name : candidates(zone, rrsets)) {
                if (table.zoneFor(name) != zone) {
                    continue;
                }
                if (unchanged || (before != null && sameAnswers(previous, before, zone, name, rrsets))) {
                    reuse(previous, table, name, staticEntries, selective);
                } else {
                    compileName(table, zone, name, rrsets, staticEntries, selective);
                }
            }
        }
        return table.withWire(table.wire().with(staticEntries)).withSelective(SelectiveIndex.of(selective));
    }

    /**
     * True when the answers at {@code name} read only its own node, the zone's SOA and its own per-query RRsets, and
     * none of them changed since {@code before} (nodes are shared between versions unless their RRsets changed; a
     * change to the zone's shape compiles every node again). An existing name never reads a wildcard.
     */
    private static boolean sameAnswers(AnswerTable previous, ZoneTable before, ZoneTable zone, Name name,
                                       Map<RRsetKey, SelectiveRRsetData> rrsets) {
        NameNode node = zone.node(name);
        if (node == null || node != before.node(name) || node.cname() != null || node.get(Type.NS) != null
                || zone.hasDelegations() || before.hasDelegations() || zone.negativeSoa() != before.negativeSoa()) {
            return false;
        }
        for (int i = 0; i < node.size(); i++) {
            RRsetKey key = new RRsetKey(name, node.typeAt(i));
            if (previous.state().selective(zone.origin(), key) != rrsets.get(key)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The previous table's (already split) answers at {@code name}; the static entry is only put back where the
     * static precompiler compiled it again (a change then touches the index shards of the names it changed).
     */
    private static void reuse(AnswerTable previous, AnswerTable table, Name name,
                              Map<WireIndex.Key, WireIndex.Entry> staticEntries,
                              Map<WireIndex.Key, SelectiveIndex.Entry> selective) {
        byte[] wire = name.toWireCanonical();
        WireIndex.Key key = new WireIndex.Key(wire);
        WireIndex.Entry entry = previous.wire().find(wire, 0, wire.length);
        if (entry != null && !entry.equals(table.wire().find(wire, 0, wire.length))) {
            staticEntries.put(key, entry);
        }
        SelectiveIndex.Entry answers = previous.selective().find(wire, 0, wire.length);
        if (answers != null) {
            selective.put(key, answers);
        }
    }

    /** Names whose answers may read a per-query RRset of {@code zone}. */
    private static Set<Name> candidates(ZoneTable zone, Map<RRsetKey, SelectiveRRsetData> rrsets) {
        Set<Name> owners = new LinkedHashSet<>();
        rrsets.keySet().forEach(key -> owners.add(key.name()));
        Set<Name> out = new LinkedHashSet<>();
        for (Name owner : owners) {
            if (zone.node(owner) != null) {
                out.add(owner);
            }
        }
        for (Name dependent : zone.dependents()) {
            if (reaches(zone, dependent, owners)) {
                out.add(dependent);
            }
        }
        if (zone.hasDelegations()) {
            zone.forEachNode((name, node) -> {
                if (zone.cutAbove(name) != null) {
                    out.add(name); // referrals carry glue, which may be per query
                }
            });
        }
        return out;
    }

    /** True when the answer at {@code name} follows (CNAME, wildcard, NS glue) to one of {@code owners}. */
    static boolean reaches(ZoneTable zone, Name name, Set<Name> owners) {
        Name current = name;
        for (int hop = 0; hop <= Resolver.MAX_CNAME_HOPS + 1; hop++) {
            NameNode node = zone.node(current);
            Name owner = current;
            if (node == null) {
                Name encloser = zone.closestEncloser(current);
                node = zone.wildcardAt(encloser);
                if (node == null) {
                    return false;
                }
                try {
                    owner = Name.concatenate(WILDCARD, encloser);
                } catch (org.xbill.DNS.NameTooLongException e) {
                    return false;
                }
            }
            if (owners.contains(owner)) {
                return true;
            }
            Record[] ns = node.get(Type.NS);
            if (ns != null) {
                for (Record r : ns) {
                    if (owners.contains(((NSRecord) r).getTarget())) {
                        return true;
                    }
                }
            }
            Record[] cname = node.cname();
            if (cname == null) {
                return false;
            }
            current = ((CNAMERecord) cname[0]).getTarget();
            if (!current.subdomain(zone.origin())) {
                return false;
            }
        }
        return true; // longer than the resolver follows: let it decide per query
    }

    private static void compileName(AnswerTable table, ZoneTable zone, Name name, Map<RRsetKey, SelectiveRRsetData> rrsets,
                                    Map<WireIndex.Key, WireIndex.Entry> staticEntries,
                                    Map<WireIndex.Key, SelectiveIndex.Entry> selective) {
        byte[] wire = name.toWireCanonical();
        WireIndex.Entry entry = table.wire().find(wire, 0, wire.length);
        // The types the static precompiler compiles at this name (an earlier pass may have dropped some).
        NameNode node = zone.node(name);
        Set<Integer> qtypes = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            qtypes.add(node.typeAt(i));
        }
        if (node.cname() != null || rrsets.containsKey(new RRsetKey(name, Type.CNAME))) {
            qtypes.add(Type.A);
            qtypes.add(Type.AAAA);
        }
        List<Integer> keptTypes = new ArrayList<>();
        List<byte[]> keptAnswers = new ArrayList<>();
        List<Integer> selectiveTypes = new ArrayList<>();
        List<SelectiveAnswer> selectiveAnswers = new ArrayList<>();
        for (int qtype : qtypes) {
            Object compiled = compile(table, name, qtype);
            if (compiled instanceof byte[] staticAnswer) {
                byte[] answer = entry == null ? null : entry.answer(qtype);
                keptTypes.add(qtype);
                keptAnswers.add(answer != null ? answer : staticAnswer);
            } else if (compiled instanceof SelectiveAnswer answer) {
                selectiveTypes.add(qtype);
                selectiveAnswers.add(answer);
            }
        }
        WireIndex.Key key = new WireIndex.Key(wire);
        if (entry != null) {
            staticEntries.put(key, new WireIndex.Entry(keptTypes.stream().mapToInt(Integer::intValue).toArray(),
                    keptAnswers.toArray(new byte[0][]), entry.negative()));
        }
        if (!selectiveTypes.isEmpty()) {
            selective.put(key, new SelectiveIndex.Entry(selectiveTypes.stream().mapToInt(Integer::intValue).toArray(),
                    selectiveAnswers.toArray(new SelectiveAnswer[0])));
        }
    }

    private static final Object DYNAMIC = new Object();

    /**
     * The static response (a byte array) when the answer reads no per-query RRset, the precompiled
     * {@link SelectiveAnswer} when it reads exactly one, whatever variant is picked, else {@link #DYNAMIC}.
     */
    private static Object compile(AnswerTable table, Name name, int qtype) {
        Forced probe = new Forced(table.state(), null, 0);
        byte[] response = resolve(table, name, qtype, probe);
        if (probe.touched.isEmpty()) {
            return response;
        }
        if (probe.touched.size() > 1) {
            return DYNAMIC;
        }
        SelectiveRRsetData rrset = probe.touched.iterator().next();
        byte[][] variants = new byte[rrset.variants().size()][];
        byte[] empty = null;
        for (int v = -1; v < variants.length; v++) {
            Forced forced = new Forced(table.state(), rrset, v);
            response = resolve(table, name, qtype, forced);
            if (forced.touched.size() > 1) {
                return DYNAMIC; // this variant leads to another per-query RRset
            }
            if (v < 0) {
                empty = response;
            } else {
                variants[v] = response;
            }
        }
        ClientMapData map = rrset.clientMap().isEmpty() ? null : table.state().clientMaps().get(rrset.clientMap());
        return new SelectiveAnswer(rrset, map, variants, empty);
    }

    private static byte[] resolve(AnswerTable table, Name name, int qtype, Selection selection) {
        Message query = new Message(0);
        query.addRecord(Record.newRecord(name, qtype, DClass.IN), Section.QUESTION);
        return Resolver.resolveWith(query, table, Resolver.MAX_UDP_PAYLOAD, selection, null).toWire();
    }

    /**
     * Reads one per-query RRset as a given variant ({@code -1}: none) and every other one as its first variant,
     * noting each per-query RRset read.
     */
    private static final class Forced implements Selection {
        private final AnswerState state;
        private final SelectiveRRsetData forced;
        private final int variant;
        final Set<SelectiveRRsetData> touched = Collections.newSetFromMap(new IdentityHashMap<>());

        Forced(AnswerState state, SelectiveRRsetData forced, int variant) {
            this.state = state;
            this.forced = forced;
            this.variant = variant;
        }

        @Override
        public Record[] records(ZoneTable zone, Name owner, NameNode node, int type) {
            SelectiveRRsetData rrset = state.selective(zone.origin(), new RRsetKey(owner, type));
            if (rrset == null) {
                return node.get(type);
            }
            touched.add(rrset);
            int v = rrset == forced ? variant : 0;
            return v < 0 || v >= rrset.variants().size() ? null : rrset.variants().get(v).toArray(new Record[0]);
        }
    }
}
