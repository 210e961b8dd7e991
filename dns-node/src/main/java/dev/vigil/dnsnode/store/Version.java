package dev.vigil.dnsnode.store;

/** The Raft term and log index that produced an answer state; the index alone orders versions. */
public record Version(long term, long index) {

    /** What a node has before any state: index 0. */
    public static final Version NONE = new Version(0, 0);

    public boolean isNewerThan(Version other) {
        return Long.compareUnsigned(index, other.index) > 0;
    }

    public boolean isNone() {
        return index == 0;
    }

    @Override
    public String toString() {
        return term + ":" + index;
    }
}
