package dev.vigil.dnsnode.store;

import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/** Every RRset of one zone, as delivered by the controllers (the source of truth, before compilation). */
public record ZoneData(Name origin, Map<RRsetKey, List<Record>> rrsets) {
    public ZoneData {
        rrsets = Map.copyOf(rrsets);
    }
}
