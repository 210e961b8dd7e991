package dev.vigil.dnsnode.resolve;

import dev.vigil.dnsnode.store.AnswerState;
import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.NameNode;
import dev.vigil.dnsnode.store.WireIndex;
import dev.vigil.dnsnode.store.ZoneTable;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Compiles a state into an {@link AnswerTable} plus its {@link WireIndex}: for every existing name and every
 * type it owns (and A/AAAA behind a CNAME), the full response the {@link Resolver} gives, in wire format. The
 * query path then copies bytes and patches ID, flags and case ({@link WireResolver}); whatever was not
 * precompiled goes to the resolver, so both paths answer identically by construction. Answers that read a
 * per-query RRset are then moved out of the static index by {@link SelectivePrecompiler}.
 */
public final class AnswerPrecompiler {

    private AnswerPrecompiler() {}

    public static AnswerTable compile(AnswerState state) {
        AnswerTable table = AnswerTable.compile(state);
        return SelectivePrecompiler.apply(table.withWire(index(table, null)));
    }

    /**
     * {@code state}'s table with {@code compiled}, its wire answers as {@link #compile(AnswerState)} gave them before
     * (kept on disk): the same table without compiling them again. The per-query answers are compiled afresh, which
     * puts back in the static index exactly what it holds already.
     */
    public static AnswerTable restore(AnswerState state, WireIndex compiled) {
        return SelectivePrecompiler.apply(AnswerTable.compile(state).withWire(compiled));
    }

    /**
     * Like {@link #compile(AnswerState)}, reusing {@code previous}'s wire answers for every name whose answer cannot
     * have changed (see {@link Reuse}): a change to a few names recompiles those names, not the whole zone.
     */
    public static AnswerTable compile(AnswerState state, AnswerTable previous) {
        AnswerTable table = AnswerTable.compile(state, previous);
        if (previous != null && previous.wire().size() > 0 && table.changedOwners() != null) {
            Map<WireIndex.Key, WireIndex.Entry> changed = changedEntries(previous, table);
            if (changed != null) {
                return SelectivePrecompiler.apply(table.withWire(previous.wire().with(changed)), previous);
            }
        }
        return SelectivePrecompiler.apply(table.withWire(index(table, Reuse.between(previous, table))), previous);
    }

    /**
     * The wire answers a name-by-name change alters: those of the changed owners and of the names whose answers
     * follow other names (CNAME, NS) in the zones that changed. Null when a changed zone has wildcards or
     * delegations, where any answer may depend on any name: then the index is rebuilt (reusing what it can).
     */
    private static Map<WireIndex.Key, WireIndex.Entry> changedEntries(AnswerTable previous, AnswerTable table) {
        Map<WireIndex.Key, WireIndex.Entry> out = new java.util.HashMap<>();
        java.util.Set<Name> names = new java.util.HashSet<>(table.changedOwners());
        for (ZoneTable zone : table.zones()) {
            if (previous.state().zones().get(zone.origin()) == table.state().zones().get(zone.origin())) {
                continue;
            }
            if (zone.hasWildcards() || zone.hasDelegations()) {
                return null;
            }
            for (Name dependent : zone.dependents()) {
                if (followsAny(zone, dependent, table.changedOwners())) {
                    names.add(dependent);
                }
            }
        }
        java.util.Map<ZoneTable, WireIndex.NegativeTail> tails = new java.util.HashMap<>();
        for (Name name : names) {
            ZoneTable zone = table.zoneFor(name);
            NameNode node = zone == null ? null : zone.node(name);
            WireIndex.Key key = new WireIndex.Key(name.toWireCanonical());
            out.put(key, node == null ? null
                    : entry(name, key.wire(), node, zone, tails.computeIfAbsent(zone, AnswerPrecompiler::negativeTail), table));
        }
        return out;
    }

    static WireIndex index(AnswerTable table, Reuse reuse) {
        return index(table, reuse, reuse == null);
    }

    /**
     * The wire index of {@code table}, built on every core when {@code parallel} (a load: the node serves nothing
     * yet), on this thread otherwise (a change under load, so the query threads keep their cores). Both give the
     * same index, byte for byte.
     */
    static WireIndex index(AnswerTable table, Reuse reuse, boolean parallel) {
        List<ZoneTable> zones = new ArrayList<>(table.zones());
        // Most specific zone first: where a parent and a child zone share a name (the child's apex), the child wins.
        zones.sort(Comparator.comparingInt((ZoneTable z) -> z.origin().labels()).reversed());
        boolean nested = nested(zones);
        int total = 0;
        for (ZoneTable zone : zones) {
            total += zone.nodeCount();
        }
        // Parallel arrays, sized once: no entry object per name, no list regrown while a million names are added.
        Name[] names = new Name[total];
        NameNode[] nodes = new NameNode[total];
        WireIndex.NegativeTail[] tails = new WireIndex.NegativeTail[total];
        ZoneTable[] owners = new ZoneTable[total]; // each name's zone, so no answer looks it up again
        int[] count = {0};
        for (ZoneTable zone : zones) {
            WireIndex.NegativeTail tail = negativeTail(zone);
            if (!nested) { // every name of the zone is indexed: copied shard by shard (on every core for a load)
                zone.copyNodes(names, nodes, count[0], parallel);
                java.util.Arrays.fill(tails, count[0], count[0] + zone.nodeCount(), tail);
                java.util.Arrays.fill(owners, count[0], count[0] + zone.nodeCount(), zone);
                count[0] += zone.nodeCount();
                continue;
            }
            zone.forEachNode((name, node) -> {
                if (nested && table.zoneFor(name) != zone) {
                    return; // a name inside a more specific zone is answered (and indexed) by that zone
                }
                names[count[0]] = name;
                nodes[count[0]] = node;
                owners[count[0]] = zone;
                tails[count[0]++] = tail;
            });
        }
        byte[][] keys = new byte[count[0]][];
        java.util.stream.IntStream each = java.util.stream.IntStream.range(0, keys.length);
        (parallel ? each.parallel() : each).forEach(i -> keys[i] = names[i].toWireCanonical());
        // Each answer is compiled as its shard is written: on every core for a load; for a change under load on one
        // thread, so the query threads keep their cores, reusing every answer the change cannot have altered.
        return WireIndex.of(keys, i -> {
            WireIndex.Entry old = reuse == null ? null : reuse.entry(names[i], nodes[i]);
            return old != null ? old : entry(names[i], keys[i], nodes[i], owners[i], tails[i], table);
        }, parallel);
    }

    /** True when some zone lies inside another one (then a name may belong to a more specific zone). */
    private static boolean nested(List<ZoneTable> zones) {
        for (ZoneTable a : zones) {
            for (ZoneTable b : zones) {
                if (a != b && a.origin().subdomain(b.origin())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * True when the answer at {@code name} reads one of {@code changed}: a name on its CNAME chain (as far as the
     * resolver follows it, loops included) or one of the name servers whose addresses an NS answer adds.
     */
    static boolean followsAny(ZoneTable zone, Name name, java.util.Set<Name> changed) {
        Name current = name;
        for (int hop = 0; hop <= Resolver.MAX_CNAME_HOPS + 1; hop++) {
            NameNode node = zone.node(current);
            if (node == null) {
                return false;
            }
            Record[] ns = node.get(Type.NS);
            if (ns != null) {
                for (Record r : ns) {
                    if (changed.contains(((org.xbill.DNS.NSRecord) r).getTarget())) {
                        return true;
                    }
                }
            }
            Record[] cname = node.cname();
            if (cname == null) {
                return false;
            }
            current = ((org.xbill.DNS.CNAMERecord) cname[0]).getTarget();
            if (changed.contains(current)) {
                return true;
            }
            if (!current.subdomain(zone.origin())) {
                return false;
            }
        }
        return true; // a chain longer than the resolver follows: recompile to be safe
    }

    /**
     * The answers at {@code name} (whose lower-case wire form is {@code key}), whose node is {@code node} in
     * {@code zone} (the most specific zone holding it).
     */
    private static WireIndex.Entry entry(Name name, byte[] key, NameNode node, ZoneTable zone,
                                         WireIndex.NegativeTail tail, AnswerTable table) {
        int[] qtypes = qtypes(node);
        byte[][] answers = new byte[qtypes.length][];
        boolean authoritative = node.cname() == null && zone.cutAbove(name) == null;
        for (int i = 0; i < qtypes.length; i++) {
            Record[] records = node.get(qtypes[i]);
            if (authoritative && records != null && WITHOUT_NAMES.contains(qtypes[i])) {
                answers[i] = plainAnswer(key, qtypes[i], records);
                continue;
            }
            Message query = new Message(0);
            query.addRecord(Record.newRecord(name, qtypes[i], DClass.IN), Section.QUESTION);
            answers[i] = Resolver.resolve(query, table).toWire();
        }
        return new WireIndex.Entry(qtypes, answers, tail);
    }

    /** Types whose RDATA holds no domain name, so nothing in it is compressed. */
    private static final java.util.Set<Integer> WITHOUT_NAMES = java.util.Set.of(Type.A, Type.AAAA, Type.TXT);

    /**
     * The resolver's answer for an authoritative RRset at its own name, built directly (what dnsjava writes: QR+AA,
     * the question, each record's owner as a pointer to the question name), with the question in lower case
     * ({@code qname} is the index key, and a query's own case replaces it when the answer is served): the bulk of a
     * large zone compiles without building messages or writing names again.
     */
    private static byte[] plainAnswer(byte[] qname, int type, Record[] records) {
        byte[][] rdata = new byte[records.length][];
        int length = 12 + qname.length + 4;
        for (int i = 0; i < records.length; i++) {
            rdata[i] = records[i].rdataToWireCanonical();
            length += 12 + rdata[i].length;
        }
        ByteBuffer b = ByteBuffer.allocate(length);
        b.putShort((short) 0).putShort((short) 0x8400).putShort((short) 1).putShort((short) records.length)
                .putShort((short) 0).putShort((short) 0);
        b.put(qname).putShort((short) type).putShort((short) DClass.IN);
        for (int i = 0; i < records.length; i++) {
            b.putShort((short) 0xC00C).putShort((short) type).putShort((short) DClass.IN)
                    .putInt((int) records[i].getTTL()).putShort((short) rdata[i].length).put(rdata[i]);
        }
        return b.array();
    }

    /** The types a name owns, plus A and AAAA behind a CNAME (the chain is followed at compile time). */
    private static int[] qtypes(NameNode node) {
        boolean cname = node.cname() != null;
        int[] out = new int[node.size() + (cname ? 2 : 0)];
        for (int i = 0; i < node.size(); i++) {
            out[i] = node.typeAt(i);
        }
        if (cname) {
            out[node.size()] = Type.A;
            out[node.size() + 1] = Type.AAAA;
        }
        return out;
    }

    /** The NXDOMAIN tail, only where a missing name is always NXDOMAIN: an SOA, no wildcard, no delegation. */
    private static WireIndex.NegativeTail negativeTail(ZoneTable zone) {
        SOARecord soa = zone.negativeSoa();
        if (soa == null || zone.hasWildcards() || zone.hasDelegations()) {
            return null;
        }
        byte[] rdata = soa.rdataToWireCanonical();
        ByteBuffer b = ByteBuffer.allocate(10 + rdata.length);
        b.putShort((short) Type.SOA).putShort((short) DClass.IN).putInt((int) soa.getTTL())
                .putShort((short) rdata.length).put(rdata);
        return new WireIndex.NegativeTail(zone.origin().toWireCanonical().length, b.array());
    }
}
