package dev.vigil.dnsnode.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One zone compiled for queries: every existing name (empty non-terminals included), the negative-answer
 * SOA, the delegation points (NS below the apex) and whether any wildcard owner exists.
 */
public final class ZoneTable {

    private static final Name WILDCARD = Name.fromConstantString("*");

    private final Name origin;
    private final ShardedMap<Name, NameNode> nodes;
    private final SOARecord negativeSoa;
    private final Set<Name> cuts;
    private final boolean wildcards;
    private final List<Name> dependents;

    private ZoneTable(Name origin, ShardedMap<Name, NameNode> nodes, SOARecord negativeSoa, Set<Name> cuts,
                      boolean wildcards, List<Name> dependents) {
        this.origin = origin;
        this.nodes = nodes;
        this.negativeSoa = negativeSoa;
        this.cuts = cuts;
        this.wildcards = wildcards;
        this.dependents = dependents;
    }

    static ZoneTable compile(ZoneData zone) {
        ShardedMap.Builder<Name, NameNode> nodes = new ShardedMap.Builder<>(zone.rrsets().size());
        return nodes.shardCount() == zone.sharded().shardCount() ? compileByShard(zone, nodes) : compileByName(zone);
    }

    /**
     * RRsets sharded by owner ({@link RRsetKey#hashCode}) and a node map with as many shards: shard i of the zone
     * holds every RRset of the names of shard i of the nodes, so each shard is grouped and compiled on its own
     * (in parallel for large zones) with one small map at a time — no zone-wide grouping map.
     */
    static ZoneTable compileByShard(ZoneData zone, ShardedMap.Builder<Name, NameNode> nodes) {
        Shape shape = new Shape(zone.origin());
        List<Name> deep = java.util.Collections.synchronizedList(new ArrayList<>());
        int originDepth = zone.origin().labels();
        java.util.stream.IntStream shards = java.util.stream.IntStream.range(0, nodes.shardCount());
        (zone.rrsets().size() > 10_000 ? shards.parallel() : shards).forEach(shard -> {
            Map<Name, Object> byName = new HashMap<>();
            zone.sharded().forEachInShard(shard, (key, records) -> byName.merge(key.name(),
                    new Typed(key.type(), records), ZoneTable::groupTyped));
            byName.forEach((name, typed) -> {
                NameNode node = node(typed);
                nodes.putInShard(shard, name, node);
                shape.note(name, node);
                if (name.labels() - originDepth > 1) {
                    deep.add(name);
                }
            });
            nodes.freezeShard(shard); // its hash map dies young (empty non-terminals below thaw the few they add to)
        });
        deep.forEach(owner -> addEmptyNonTerminals(zone.origin(), owner, nodes));
        return finish(zone, nodes, shape);
    }

    /** One RRset of a name being grouped. */
    private record Typed(int type, List<Record> records) {}

    @SuppressWarnings("unchecked")
    private static Object groupTyped(Object existing, Object added) {
        if (existing instanceof Typed first) {
            List<Typed> list = new ArrayList<>(2);
            list.add(first);
            list.add((Typed) added);
            return list;
        }
        ((List<Typed>) existing).add((Typed) added);
        return existing;
    }

    @SuppressWarnings("unchecked")
    private static NameNode node(Object typed) {
        List<Typed> all = typed instanceof Typed one ? List.of(one) : (List<Typed>) typed;
        int[] types = new int[all.size()];
        Record[][] sets = new Record[all.size()][];
        for (int i = 0; i < types.length; i++) {
            types[i] = all.get(i).type();
            sets[i] = all.get(i).records().toArray(new Record[0]);
        }
        return NameNode.ofSorted(types, sets);
    }

    /**
     * What compiling learns about the names as their nodes are built, from any thread: delegation points (NS below
     * the apex), names whose answers read other names (NS glue, CNAME chains) and whether a wildcard owner exists.
     */
    private static final class Shape {
        private final Name origin;
        private final Set<Name> cuts = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final List<Name> dependents = java.util.Collections.synchronizedList(new ArrayList<>());
        private final java.util.concurrent.atomic.AtomicBoolean wildcards = new java.util.concurrent.atomic.AtomicBoolean();

        Shape(Name origin) {
            this.origin = origin;
        }

        void note(Name name, NameNode node) {
            boolean ns = node.get(Type.NS) != null;
            if (!name.equals(origin) && ns) {
                cuts.add(name);
            }
            if (ns || node.cname() != null) {
                dependents.add(name);
            }
            if (name.isWild()) {
                wildcards.set(true);
            }
        }
    }

    private static ZoneTable finish(ZoneData zone, ShardedMap.Builder<Name, NameNode> nodes, Shape shape) {
        nodes.putIfAbsent(zone.origin(), NameNode.EMPTY_NON_TERMINAL);
        List<Name> sorted = new ArrayList<>(shape.dependents);
        sorted.sort(null); // the same order whatever the threads did
        return new ZoneTable(zone.origin(), nodes.build(), negativeSoa(zone), Set.copyOf(shape.cuts),
                shape.wildcards.get(), List.copyOf(sorted));
    }

    /** The same, for a zone map sharded unlike a node map of its size: grouped by owner in one map first. */
    @SuppressWarnings("unchecked")
    static ZoneTable compileByName(ZoneData zone) {
        // Group the RRsets by owner, straight into the shards the node map will keep (no per-name TreeMap).
        ShardedMap.Builder<Name, Object> byName = new ShardedMap.Builder<>(zone.rrsets().size());
        zone.rrsets().forEach((key, records) -> byName.merge(key.name(), key, ZoneTable::group));
        Shape shape = new Shape(zone.origin());
        ShardedMap.Builder<Name, NameNode> nodes = new ShardedMap.Builder<>(zone.rrsets().size());
        // Both builders are sized alike, so shard i of one feeds shard i of the other: shards build in parallel.
        java.util.stream.IntStream shards = java.util.stream.IntStream.range(0, byName.shardCount());
        (zone.rrsets().size() > 10_000 ? shards.parallel() : shards).forEach(shard -> byName.forEachInShard(shard, (name, keys) -> {
            NameNode node = NameNode.of(name, keys instanceof RRsetKey k ? List.of(k) : (List<RRsetKey>) keys, zone.rrsets());
            nodes.putInShard(shard, name, node);
            shape.note(name, node);
        }));
        byName.forEach((owner, keys) -> addEmptyNonTerminals(zone.origin(), owner, nodes));
        return finish(zone, nodes, shape);
    }

    /** One key alone, or a list once a name has several types (most names own one RRset). */
    @SuppressWarnings("unchecked")
    private static Object group(Object existing, Object key) {
        if (existing instanceof RRsetKey first) {
            List<RRsetKey> list = new ArrayList<>(2);
            list.add(first);
            list.add((RRsetKey) key);
            return list;
        }
        ((List<RRsetKey>) existing).add((RRsetKey) key);
        return existing;
    }

    /** Every ancestor of {@code owner} below or at the origin exists, even if it owns nothing. */
    private static void addEmptyNonTerminals(Name origin, Name owner, ShardedMap.Builder<Name, NameNode> nodes) {
        for (int strip = 1; strip < owner.labels() - origin.labels(); strip++) {
            nodes.putIfAbsent(new Name(owner, strip), NameNode.EMPTY_NON_TERMINAL);
        }
    }

    /** Calls {@code action} for every existing name, empty non-terminals included. */
    public void forEachNode(java.util.function.BiConsumer<Name, NameNode> action) {
        nodes.forEach(action);
    }

    /**
     * {@code previous} (compiled from {@code before}) brought up to {@code after} by rebuilding only the names whose
     * RRsets changed, which are added to {@code changedOwners}. Null when the change alters the zone's shape (names
     * appear or disappear, the apex, wildcards, CNAME or NS RRsets): then the zone is compiled again.
     */
    static ZoneTable update(ZoneTable previous, ZoneData before, ZoneData after, Set<Name> changedOwners) {
        Map<Name, Set<Integer>> changed = new HashMap<>();
        if (!after.sharded().forEachDifference(before.sharded(),
                key -> changed.computeIfAbsent(key.name(), n -> new HashSet<>()).add(key.type()))) {
            return null;
        }
        Map<Name, NameNode> replaced = new HashMap<>();
        for (var e : changed.entrySet()) {
            Name owner = e.getKey();
            NameNode old = previous.nodes.get(owner);
            if (owner.equals(previous.origin) || owner.isWild() || old == null || old.isEmptyNonTerminal()
                    || e.getValue().contains(Type.NS) || e.getValue().contains(Type.CNAME)) {
                return null;
            }
            Set<Integer> types = new HashSet<>(e.getValue());
            for (int i = 0; i < old.size(); i++) {
                types.add(old.typeAt(i));
            }
            Map<Integer, List<Record>> byType = new TreeMap<>();
            for (int type : types) {
                List<Record> records = after.rrsets().get(new RRsetKey(owner, type));
                if (records != null) {
                    byType.put(type, records);
                }
            }
            if (byType.isEmpty()) {
                return null;
            }
            replaced.put(owner, NameNode.of(byType));
        }
        changedOwners.addAll(replaced.keySet());
        return new ZoneTable(previous.origin, previous.nodes.with(replaced), previous.negativeSoa, previous.cuts,
                previous.wildcards, previous.dependents);
    }

    /** Names owning a CNAME or NS RRset: their answers depend on other names (chain targets, glue). */
    public List<Name> dependents() {
        return dependents;
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

    /** True when some name below the apex owns an NS RRset (a zone cut). */
    public boolean hasDelegations() {
        return !cuts.isEmpty();
    }

    /** True when some owner name is a wildcard ({@code *.…}). */
    public boolean hasWildcards() {
        return wildcards;
    }

    /**
     * The highest zone cut at or above {@code name} (RFC 1034 4.3.2: the first cut met walking down from the
     * apex), or null when {@code name} is authoritative data of this zone.
     */
    public Name cutAbove(Name name) {
        if (cuts.isEmpty()) {
            return null;
        }
        int below = name.labels() - origin.labels();
        for (int depth = 1; depth <= below; depth++) {
            Name candidate = depth == below ? name : new Name(name, below - depth);
            if (cuts.contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * RFC 4592 closest encloser of a name that does not exist: its longest existing ancestor (empty
     * non-terminals count as existing). Never null for a name inside the zone, since the apex exists.
     */
    public Name closestEncloser(Name name) {
        for (int strip = 1; strip <= name.labels() - origin.labels(); strip++) {
            Name ancestor = new Name(name, strip);
            if (nodes.containsKey(ancestor)) {
                return ancestor;
            }
        }
        return origin;
    }

    /** The wildcard node {@code *.<encloser>}, or null. */
    public NameNode wildcardAt(Name encloser) {
        if (!wildcards) {
            return null;
        }
        try {
            return nodes.get(Name.concatenate(WILDCARD, encloser));
        } catch (org.xbill.DNS.NameTooLongException e) {
            return null;
        }
    }

    /**
     * Every existing name and its node into {@code names} and {@code nodes} from {@code offset} on, in the order of
     * {@link #forEachNode}, on every core when {@code parallel}.
     */
    public void copyNodes(Name[] names, NameNode[] nodes, int offset, boolean parallel) {
        this.nodes.copyInto(names, nodes, offset, parallel);
    }

    /** How many names exist, empty non-terminals included. */
    public int nodeCount() {
        return nodes.size();
    }

    /** Every existing name, empty non-terminals included (for precompiling answers). */
    public List<Map.Entry<Name, NameNode>> nodes() {
        return new ArrayList<>(nodes.entrySet());
    }
}
