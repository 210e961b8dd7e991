package dev.vigil.dnsnode.store;

import dev.vigil.proto.feed.v1.ClientMap;
import java.util.List;

/**
 * One client map of the state ({@code vigil.feed.v1.ClientMap}): its labels and a longest-prefix-match table per
 * address family, built once when the map arrives. Keeps the feed message it came from, for the state file.
 */
public record ClientMapData(String name, List<String> labels, PrefixTable v4, PrefixTable v6, ClientMap source) {

    /**
     * The most specific prefix containing the address {@code (hi, lo)} of {@code family} (4 or 6), packed as in
     * {@link PrefixTable#lookup}; {@link PrefixTable#NO_MATCH} when none.
     */
    public long lookup(int family, long hi, long lo) {
        return (family == 4 ? v4 : v6).lookup(hi, lo);
    }
}
