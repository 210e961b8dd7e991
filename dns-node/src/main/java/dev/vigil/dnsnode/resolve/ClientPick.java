package dev.vigil.dnsnode.resolve;

import dev.vigil.dnsnode.store.ClientMapData;
import dev.vigil.dnsnode.store.PrefixTable;
import dev.vigil.dnsnode.store.SelectiveRRsetData;
import dev.vigil.dnsnode.store.WeightedChoice;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.random.RandomGenerator;

/**
 * The per-query decision for one selective RRset: the client's label from the map (longest prefix), the choice
 * for that label (or the fallback), then one option drawn in proportion to its weight. Allocation-free: the
 * result is packed in a long.
 */
final class ClientPick {

    private ClientPick() {}

    /**
     * The pick for the client {@code (family, hi, lo)} ({@code family} 4 or 6; 0 when the address is unknown),
     * packed as {@code (variant + 1) << 8 | scope}: variant -1 means the client's choice has no option (NODATA);
     * scope is the matched prefix length, 0 without a map, {@code sourcePrefix} (the ECS source prefix length, -1
     * without ECS) when the map covers no prefix of the client.
     */
    static long pick(SelectiveRRsetData rrset, ClientMapData map, int family, long hi, long lo, int sourcePrefix,
                     RandomGenerator random) {
        WeightedChoice choice;
        int scope = 0;
        if (map == null || family == 0) {
            choice = rrset.fallback();
        } else {
            long match = map.lookup(family, hi, lo);
            if (match == PrefixTable.NO_MATCH) {
                choice = rrset.fallback();
                scope = Math.max(0, sourcePrefix);
            } else {
                choice = rrset.choice(PrefixTable.label(match));
                scope = PrefixTable.length(match);
            }
        }
        int variant = choice.isEmpty() ? -1 : choice.pick(random.nextLong(choice.total()));
        return ((long) (variant + 1) << 8) | scope;
    }

    static int variant(long pick) {
        return (int) (pick >>> 8) - 1;
    }

    static int scope(long pick) {
        return (int) (pick & 0xFF);
    }

    /** The address family (4 or 6) of {@code address}; 0 for null. */
    static int family(InetAddress address) {
        return address == null ? 0 : address instanceof Inet4Address ? 4 : 6;
    }

    /**
     * The high 64 bits of an address of {@code family} whose first {@code count} bytes are at {@code b[offset]}
     * (the rest zero, as in an ECS option): 0 for IPv4.
     */
    static long high(int family, byte[] b, int offset, int count) {
        return family == 4 ? 0 : bytes(b, offset, Math.min(count, 8), 8);
    }

    /** The low 64 bits of such an address: the whole (unsigned) address for IPv4. */
    static long low(int family, byte[] b, int offset, int count) {
        if (family == 4) {
            return bytes(b, offset, Math.min(count, 4), 4);
        }
        return count <= 8 ? 0 : bytes(b, offset + 8, Math.min(count, 16) - 8, 8);
    }

    /** Big-endian value of {@code count} bytes at {@code offset}, zero-padded to {@code width} bytes. */
    static long bytes(byte[] b, int offset, int count, int width) {
        long v = 0;
        for (int i = 0; i < width; i++) {
            v = (v << 8) | (i < count ? b[offset + i] & 0xFF : 0);
        }
        return v;
    }
}
