package dev.vigil.dnsnode.resolve;

import dev.vigil.dnsnode.store.NameNode;
import dev.vigil.dnsnode.store.ZoneTable;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

/**
 * How the resolver reads an RRset: a static one as compiled, a per-query one ({@code SelectiveRRset}) as picked
 * for this query ({@link Picks}) or as forced while precompiling ({@link SelectivePrecompiler}).
 */
interface Selection {

    /**
     * The records of {@code type} owned by {@code owner} (a wildcard's own name when synthesizing) whose node in
     * {@code zone} is {@code node}; null when there are none for this query.
     */
    Record[] records(ZoneTable zone, Name owner, NameNode node, int type);

    /** The longest client prefix an answer read so far depends on (the ECS scope before capping); 0 for none. */
    default int scope() {
        return 0;
    }
}
