package dev.vigil.dnsnode.store;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;

/**
 * Immutable, query-ready answers: compiled once per applied version, read lock-free by every query.
 * Holds the {@link AnswerState} it was compiled from (for persistence and for applying the next change).
 */
public final class AnswerTable {

    public static final AnswerTable EMPTY = compile(AnswerState.EMPTY);

    private final AnswerState state;
    private final Map<Name, ZoneTable> zones;
    private final int minLabels;
    private final int maxLabels;
    private final WireIndex wire;
    private final Set<Name> changedOwners;
    private final SelectiveIndex selective;

    private AnswerTable(AnswerState state, Map<Name, ZoneTable> zones, int minLabels, int maxLabels, WireIndex wire,
                        Set<Name> changedOwners) {
        this(state, zones, minLabels, maxLabels, wire, changedOwners, SelectiveIndex.EMPTY);
    }

    private AnswerTable(AnswerState state, Map<Name, ZoneTable> zones, int minLabels, int maxLabels, WireIndex wire,
                        Set<Name> changedOwners, SelectiveIndex selective) {
        this.state = state;
        this.zones = zones;
        this.minLabels = minLabels;
        this.maxLabels = maxLabels;
        this.wire = wire;
        this.changedOwners = changedOwners;
        this.selective = selective;
    }

    /** This table with precompiled wire answers (built from this very table by the resolver). */
    public AnswerTable withWire(WireIndex index) {
        return new AnswerTable(state, zones, minLabels, maxLabels, index, changedOwners, selective);
    }

    /** This table with precompiled per-query answers ({@code resolve.SelectivePrecompiler}). */
    public AnswerTable withSelective(SelectiveIndex index) {
        return new AnswerTable(state, zones, minLabels, maxLabels, wire, changedOwners, index);
    }

    /** Precompiled per-query answers; {@link SelectiveIndex#EMPTY} when none. */
    public SelectiveIndex selective() {
        return selective;
    }

    /**
     * When this table was derived from another one name by name ({@link #compile(AnswerState, AnswerTable)}): the
     * owners whose RRsets changed. Null when some zone was compiled whole (or the zones themselves changed).
     */
    public Set<Name> changedOwners() {
        return changedOwners;
    }

    /** Precompiled wire answers; {@link WireIndex#EMPTY} when none were compiled. */
    public WireIndex wire() {
        return wire;
    }

    /** Every compiled zone. */
    public java.util.Collection<ZoneTable> zones() {
        return zones.values();
    }

    public static AnswerTable compile(AnswerState state) {
        Map<Name, ZoneTable> zones = new HashMap<>(state.zones().size() * 2);
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (ZoneData zone : state.zones().values()) {
            zones.put(zone.origin(), ZoneTable.compile(zone));
            min = Math.min(min, zone.origin().labels());
            max = Math.max(max, zone.origin().labels());
        }
        return new AnswerTable(state, zones, min, max, WireIndex.EMPTY, null);
    }

    /**
     * {@code state} compiled by reusing {@code previous}: zones whose data did not change are shared, changed zones
     * are updated name by name where {@link ZoneTable#update} can, else compiled whole.
     */
    public static AnswerTable compile(AnswerState state, AnswerTable previous) {
        if (previous == null || !previous.state.zones().keySet().equals(state.zones().keySet())) {
            return compile(state);
        }
        Map<Name, ZoneTable> zones = new HashMap<>(previous.zones);
        Set<Name> changed = new HashSet<>();
        boolean incremental = true;
        for (ZoneData zone : state.zones().values()) {
            ZoneData before = previous.state.zones().get(zone.origin());
            if (before == zone) {
                continue;
            }
            ZoneTable updated = ZoneTable.update(previous.zones.get(zone.origin()), before, zone, changed);
            if (updated == null) {
                updated = ZoneTable.compile(zone);
                incremental = false;
            }
            zones.put(zone.origin(), updated);
        }
        return new AnswerTable(state, zones, previous.minLabels, previous.maxLabels, WireIndex.EMPTY,
                incremental ? Set.copyOf(changed) : null);
    }

    /** The most specific zone containing {@code name}, or null when no zone does. */
    public ZoneTable zoneFor(Name name) {
        int labels = name.labels();
        // Only suffixes as long as some zone origin can match: usually one hash lookup.
        for (int strip = Math.max(0, labels - maxLabels); strip <= labels - minLabels; strip++) {
            ZoneTable zone = zones.get(strip == 0 ? name : new Name(name, strip));
            if (zone != null) {
                return zone;
            }
        }
        return null;
    }

    public AnswerState state() {
        return state;
    }

    public Version version() {
        return state.version();
    }

    public int zoneCount() {
        return zones.size();
    }
}
