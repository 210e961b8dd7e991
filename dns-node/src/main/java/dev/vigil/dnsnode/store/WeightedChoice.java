package dev.vigil.dnsnode.store;

/**
 * What one group of clients gets ({@code vigil.feed.v1.Choice}): variant indices with cumulative weights, so a
 * pick is a draw in {@code [0, total)} and a short scan. No options: the name has no records of the type for
 * these clients (NODATA).
 */
public final class WeightedChoice {

    public static final WeightedChoice NONE = new WeightedChoice(new int[0], new long[0]);

    private final int[] variants;
    private final long[] cumulative;

    WeightedChoice(int[] variants, long[] cumulative) {
        this.variants = variants;
        this.cumulative = cumulative;
    }

    /** Sum of the weights; 0 when there is no option. */
    public long total() {
        return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    }

    public boolean isEmpty() {
        return variants.length == 0;
    }

    /** The variant for a uniform draw {@code r} in {@code [0, total())}; -1 when there is no option. */
    public int pick(long r) {
        for (int i = 0; i < cumulative.length; i++) {
            if (r < cumulative[i]) {
                return variants[i];
            }
        }
        return -1;
    }

    /** Every option's variant (for precompiling). */
    public int[] variants() {
        return variants.clone();
    }
}
