package dev.vigil.controller.model;

/**
 * Native flap damping of one check, like BGP route-flap damping (RFC 2439): every change of the check's
 * verdict adds {@code penaltyPerFlap}; the penalty halves every {@code halfLifeSeconds}; above
 * {@code suppressAbove} the check is held unhealthy until the penalty has decayed below {@code reuseBelow}.
 * The penalty never exceeds what decays to {@code reuseBelow} in {@code maxSuppressSeconds}, so a check is
 * never held down longer than that after its last flap. {@link #OFF} (Route 53 mode) when
 * {@code penaltyPerFlap} is 0.
 */
public record FlapDamping(
    double penaltyPerFlap, long halfLifeSeconds, double suppressAbove, double reuseBelow, long maxSuppressSeconds) {

  public static final FlapDamping OFF = new FlapDamping(0, 1, 1, 0, 1);

  /** BGP's customary figures, scaled to health checks: 1000 per flap, 5 min half-life, 2000 / 750, 1 h max. */
  public static final FlapDamping DEFAULTS = new FlapDamping(1000, 300, 2000, 750, 3600);

  public FlapDamping {
    if (penaltyPerFlap < 0 || halfLifeSeconds < 1 || maxSuppressSeconds < 1 || reuseBelow < 0
        || reuseBelow >= suppressAbove) {
      throw new IllegalArgumentException("flap damping needs penaltyPerFlap >= 0, halfLifeSeconds >= 1, "
          + "0 <= reuseBelow < suppressAbove and maxSuppressSeconds >= 1");
    }
  }

  public boolean enabled() {
    return penaltyPerFlap > 0;
  }

  /** The highest penalty: the one that decays to {@code reuseBelow} in exactly {@code maxSuppressSeconds}. */
  public double ceiling() {
    return reuseBelow * StrictMath.pow(2, (double) maxSuppressSeconds / halfLifeSeconds);
  }

  /** {@code penalty} after {@code elapsedMillis} of exponential decay (StrictMath: same bits on every member). */
  public double decay(double penalty, long elapsedMillis) {
    if (penalty == 0 || elapsedMillis <= 0) {
      return penalty;
    }
    return penalty * StrictMath.pow(2, -(double) elapsedMillis / (halfLifeSeconds * 1000.0));
  }
}
