package dev.vigil.dnsnode.store;

import dev.vigil.proto.feed.v1.SelectiveRRset;
import java.util.List;
import org.xbill.DNS.Record;

/**
 * One (name, type) answered per query ({@code vigil.feed.v1.SelectiveRRset}), decoded and checked: every variant
 * as records, the client map it looks clients up in (empty: none), what each label gets ({@code byLabel[label]},
 * null where the label takes the fallback) and the fallback. Keeps the feed message it came from, for the state
 * file.
 */
public record SelectiveRRsetData(RRsetKey key, List<List<Record>> variants, String clientMap,
                                 WeightedChoice[] byLabel, WeightedChoice fallback, SelectiveRRset source) {

    /** The choice for a client with {@code label} (-1: not covered by the map, or no map). */
    public WeightedChoice choice(int label) {
        if (label >= 0 && label < byLabel.length && byLabel[label] != null) {
            return byLabel[label];
        }
        return fallback;
    }

    /**
     * The records that stand for this RRset in the zone's static structure (names, types, empty non-terminals):
     * the first variant, or none. Never served as such: every answer that reads this RRset picks per query.
     */
    public List<Record> representative() {
        return variants.isEmpty() ? List.of() : variants.getFirst();
    }
}
