package dev.vigil.dnsnode.resolve;

import dev.vigil.dnsnode.store.AnswerState;
import dev.vigil.dnsnode.store.ClientMapData;
import dev.vigil.dnsnode.store.NameNode;
import dev.vigil.dnsnode.store.RRsetKey;
import dev.vigil.dnsnode.store.SelectiveRRsetData;
import dev.vigil.dnsnode.store.ZoneTable;
import java.net.InetAddress;
import java.util.random.RandomGenerator;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * The live {@link Selection} of one query: static RRsets as compiled, each per-query RRset picked for the client
 * (the ECS address when the query has a usable one, else the query's source address), remembering the longest
 * prefix any pick depended on (the ECS scope).
 */
final class Picks implements Selection {

    private final AnswerState state;
    private final int family;
    private final long hi;
    private final long lo;
    private final int sourcePrefix;
    private final RandomGenerator random;
    private int scope;

    private Picks(AnswerState state, int family, long hi, long lo, int sourcePrefix, RandomGenerator random) {
        this.state = state;
        this.family = family;
        this.hi = hi;
        this.lo = lo;
        this.sourcePrefix = sourcePrefix;
        this.random = random;
    }

    /**
     * The selection for a query from {@code source} (null when unknown) with the client subnet {@code ecs} (null
     * when none). RFC 7871 7.1.2: a SOURCE PREFIX-LENGTH of 0 carries no client address, so the source address
     * is used, and the scope (capped at the source prefix length) is 0.
     */
    static Picks of(AnswerState state, InetAddress source, ClientSubnet ecs, RandomGenerator random) {
        if (ecs != null && ecs.sourcePrefix() > 0) {
            byte[] a = ecs.address();
            return new Picks(state, ecs.family(), ClientPick.high(ecs.family(), a, 0, a.length),
                    ClientPick.low(ecs.family(), a, 0, a.length), ecs.sourcePrefix(), random);
        }
        int family = ClientPick.family(source);
        byte[] a = source == null ? new byte[0] : source.getAddress();
        return new Picks(state, family, ClientPick.high(family, a, 0, a.length), ClientPick.low(family, a, 0, a.length),
                ecs == null ? -1 : 0, random);
    }

    @Override
    public Record[] records(ZoneTable zone, Name owner, NameNode node, int type) {
        if (state.selective().isEmpty()) {
            return node.get(type);
        }
        SelectiveRRsetData rrset = state.selective(zone.origin(), new RRsetKey(owner, type));
        if (rrset == null) {
            return node.get(type);
        }
        ClientMapData map = rrset.clientMap().isEmpty() ? null : state.clientMaps().get(rrset.clientMap());
        long pick = ClientPick.pick(rrset, map, family, hi, lo, sourcePrefix, random);
        if (map != null) {
            scope = Math.max(scope, ClientPick.scope(pick));
        }
        int variant = ClientPick.variant(pick);
        return variant < 0 ? null : rrset.variants().get(variant).toArray(new Record[0]);
    }

    @Override
    public int scope() {
        return scope;
    }
}
