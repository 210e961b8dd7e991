package dev.vigil.dnsnode.store;

import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Owner name and type of one RRset. {@link Name} compares case-insensitively. The hash is the name's alone, so
 * a {@link ShardedMap} keeps every RRset of a name in one shard — the shard a map keyed by names puts the name in
 * ({@link ZoneTable} groups a zone's RRsets by owner shard by shard). A name owns a few types at most.
 */
public record RRsetKey(Name name, int type) {
    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return name + "/" + Type.string(type);
    }
}
