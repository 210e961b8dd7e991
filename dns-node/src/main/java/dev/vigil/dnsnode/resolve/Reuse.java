package dev.vigil.dnsnode.resolve;

import dev.vigil.dnsnode.store.AnswerTable;
import dev.vigil.dnsnode.store.NameNode;
import dev.vigil.dnsnode.store.RRsetKey;
import dev.vigil.dnsnode.store.WireIndex;
import dev.vigil.dnsnode.store.ZoneData;
import dev.vigil.dnsnode.store.ZoneTable;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Which precompiled answers of the previous table are still right for the next one. An answer at a name depends
 * only on that name's RRsets unless the name owns a CNAME (its chain) or NS (glue), or its zone has delegations,
 * wildcards, or a changed SOA, or the set of zones changed; those are recompiled, everything else is reused.
 */
final class Reuse {

    private final WireIndex previous;
    private final Set<Name> changedOwners;
    private final Set<Name> recompiledZones;
    private final AnswerTable next;

    private Reuse(WireIndex previous, Set<Name> changedOwners, Set<Name> recompiledZones, AnswerTable next) {
        this.previous = previous;
        this.changedOwners = changedOwners;
        this.recompiledZones = recompiledZones;
        this.next = next;
    }

    /** Null when nothing can be reused (no previous answers, or the zones themselves changed). */
    static Reuse between(AnswerTable previous, AnswerTable next) {
        if (previous == null || previous.wire().size() == 0
                || !previous.state().zones().keySet().equals(next.state().zones().keySet())) {
            return null;
        }
        Set<Name> changed = new HashSet<>();
        Set<Name> recompiled = new HashSet<>();
        for (ZoneData zone : next.state().zones().values()) {
            ZoneData before = previous.state().zones().get(zone.origin());
            if (before == zone) {
                continue;
            }
            collectChanges(before.rrsets(), zone.rrsets(), changed);
            collectChanges(zone.rrsets(), before.rrsets(), changed);
            ZoneTable table = next.zoneFor(zone.origin());
            if (changed.contains(zone.origin()) || table.hasDelegations() || table.hasWildcards()
                    || previous.zoneFor(zone.origin()).hasWildcards()) {
                recompiled.add(zone.origin());
            }
        }
        return new Reuse(previous.wire(), changed, recompiled, next);
    }

    /** Owners whose RRsets in {@code b} differ from {@code a} (the feed keeps unchanged RRsets as the same list). */
    private static void collectChanges(Map<RRsetKey, List<Record>> a, Map<RRsetKey, List<Record>> b, Set<Name> out) {
        b.forEach((key, records) -> {
            List<Record> other = a.get(key);
            if (other != records && !same(other, records)) {
                out.add(key.name());
            }
        });
    }

    /** Same records with the same TTLs (dnsjava's Record.equals ignores the TTL). */
    private static boolean same(List<Record> a, List<Record> b) {
        if (a == null || a.size() != b.size()) {
            return false;
        }
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i)) || a.get(i).getTTL() != b.get(i).getTTL()) {
                return false;
            }
        }
        return true;
    }

    /** The previous entry for {@code name}, or null when it must be compiled again. */
    WireIndex.Entry entry(Name name, NameNode node) {
        if (changedOwners.contains(name) || node.cname() != null || node.get(Type.NS) != null) {
            return null;
        }
        ZoneTable zone = next.zoneFor(name);
        if (zone == null || recompiledZones.contains(zone.origin())) {
            return null;
        }
        byte[] key = name.toWireCanonical();
        return previous.find(key, 0, key.length);
    }
}
