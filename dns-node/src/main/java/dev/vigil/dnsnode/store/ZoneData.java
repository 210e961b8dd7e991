package dev.vigil.dnsnode.store;

import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * Every RRset of one zone, as delivered by the controllers (the source of truth, before compilation). The RRsets
 * are held in a {@link ShardedMap}, so a change shares every shard it does not touch with the previous version.
 */
public record ZoneData(Name origin, Map<RRsetKey, List<Record>> rrsets) {
    public ZoneData {
        rrsets = ShardedMap.of(rrsets);
    }

    /** The RRsets as the sharded map they are kept in. */
    public ShardedMap<RRsetKey, List<Record>> sharded() {
        return (ShardedMap<RRsetKey, List<Record>>) rrsets;
    }
}
