package dev.vigil.dnsnode.store;

import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** Owner name and type of one RRset. {@link Name} compares case-insensitively. */
public record RRsetKey(Name name, int type) {
    @Override
    public String toString() {
        return name + "/" + Type.string(type);
    }
}
