package dev.vigil.dnsnode.store;

import java.util.Map;
import org.xbill.DNS.Name;

/**
 * One complete, immutable answer state: every zone at one version. Per-query answers (issue 6): {@code selective}
 * holds, per zone origin, the RRsets answered per query (each also stands in {@code zones} by its first variant,
 * so names, types and empty non-terminals come out right), and {@code clientMaps} the maps they look clients up in.
 */
public record AnswerState(Version version, long producedAtUnixMs, Map<Name, ZoneData> zones,
                          Map<Name, Map<RRsetKey, SelectiveRRsetData>> selective,
                          Map<String, ClientMapData> clientMaps) {

    public static final AnswerState EMPTY = new AnswerState(Version.NONE, 0, Map.of());

    public AnswerState {
        zones = Map.copyOf(zones);
        selective = Map.copyOf(selective);
        clientMaps = Map.copyOf(clientMaps);
    }

    /** A state without per-query answers. */
    public AnswerState(Version version, long producedAtUnixMs, Map<Name, ZoneData> zones) {
        this(version, producedAtUnixMs, zones, Map.of(), Map.of());
    }

    /** The per-query RRsets of the zone {@code origin} (empty when it has none). */
    public Map<RRsetKey, SelectiveRRsetData> selective(Name origin) {
        return selective.getOrDefault(origin, Map.of());
    }

    /** The per-query RRset at {@code key} in the zone {@code origin}, or null when that RRset is static or absent. */
    public SelectiveRRsetData selective(Name origin, RRsetKey key) {
        Map<RRsetKey, SelectiveRRsetData> zone = selective.get(origin);
        return zone == null ? null : zone.get(key);
    }
}
