package dev.vigil.dnsnode.sync;

import dev.vigil.dnsnode.store.FeedCodec;
import dev.vigil.dnsnode.store.Version;
import dev.vigil.proto.feed.v1.AnswerUpdate;

/** Whether an update may be applied on top of what is applied: versions only ever move forward. */
public final class UpdatePolicy {

    public enum Decision {
        /** A newer full snapshot: replaces everything. */
        APPLY_FULL,
        /** A newer change built on exactly the applied version. */
        APPLY_CHANGE,
        /** Same version as applied (another controller delivered it first): nothing to do. */
        ALREADY_APPLIED,
        /** Older than applied, e.g. a wiped controller cluster: never served. */
        OLDER,
        /** Newer, but built on a version this node does not have: needs a full snapshot. */
        BASE_MISMATCH
    }

    private UpdatePolicy() {}

    public static Decision decide(Version applied, AnswerUpdate update) {
        Version offered = FeedCodec.version(update.getVersion());
        if (!offered.isNewerThan(applied)) {
            return offered.index() == applied.index() ? Decision.ALREADY_APPLIED : Decision.OLDER;
        }
        if (update.getFull()) {
            return Decision.APPLY_FULL;
        }
        return update.getBase().getIndex() == applied.index() ? Decision.APPLY_CHANGE : Decision.BASE_MISMATCH;
    }
}
