package dev.vigil.controller.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.controller.model.ColdStart;
import dev.vigil.controller.model.FlapDamping;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the native health-rule fields of a {@code HealthCheckConfig}: {@code ColdStartHealthStatus},
 * {@code FlapDamping} and {@code FailbackHoldDownSeconds}. Route 53 has none of them; absent, a check behaves as
 * in Route 53.
 */
final class HealthRulesReader {

  static final List<String> DAMPING_FIELDS =
      List.of("PenaltyPerFlap", "HalfLifeSeconds", "SuppressAbove", "ReuseBelow", "MaxSuppressSeconds");
  static final long MAX_SECONDS = 86_400;

  private HealthRulesReader() {}

  /** {@code ColdStartHealthStatus: Healthy | Unhealthy}; absent: Route 53 (healthy, unhealthy if inverted). */
  static ColdStart coldStart(Mapping config) {
    Optional<String> text = config.string("ColdStartHealthStatus", false);
    if (text.isEmpty()) {
      return ColdStart.ROUTE53;
    }
    return switch (text.get()) {
      case "Healthy" -> ColdStart.HEALTHY;
      case "Unhealthy" -> ColdStart.UNHEALTHY;
      default -> {
        config.problems().add(config.path("ColdStartHealthStatus"), "must be Healthy or Unhealthy, got '"
            + text.get() + "'");
        yield ColdStart.ROUTE53;
      }
    };
  }

  /** {@code FailbackHoldDownSeconds: N}, 0-86400; absent: 0 (turn healthy at once, as Route 53). */
  static int failbackHoldDown(Mapping config) {
    return (int) config.integer("FailbackHoldDownSeconds", false, 0, MAX_SECONDS).orElse(0);
  }

  /**
   * {@code FlapDamping: {PenaltyPerFlap, HalfLifeSeconds, SuppressAbove, ReuseBelow, MaxSuppressSeconds}}, every
   * field optional ({@link FlapDamping#DEFAULTS}); {@code FlapDamping: {}} turns it on with the defaults.
   */
  static FlapDamping damping(Mapping config) {
    if (!config.has("FlapDamping")) {
      return FlapDamping.OFF;
    }
    Optional<Mapping> m = Mapping.of(config.raw("FlapDamping"), config.path("FlapDamping"), config.problems());
    if (m.isEmpty()) {
      return FlapDamping.OFF;
    }
    Mapping d = m.get();
    d.allowOnly(DAMPING_FIELDS, Set.of());
    FlapDamping defaults = FlapDamping.DEFAULTS;
    double penalty = positive(d, "PenaltyPerFlap", defaults.penaltyPerFlap());
    long halfLife = d.integer("HalfLifeSeconds", false, 1, MAX_SECONDS).orElse(defaults.halfLifeSeconds());
    double suppress = positive(d, "SuppressAbove", defaults.suppressAbove());
    double reuse = positive(d, "ReuseBelow", defaults.reuseBelow());
    long maxSuppress = d.integer("MaxSuppressSeconds", false, 1, MAX_SECONDS).orElse(defaults.maxSuppressSeconds());
    if (reuse >= suppress) {
      d.problems().add(d.path("ReuseBelow"), "must be below SuppressAbove (" + suppress + "), got " + reuse);
      return FlapDamping.OFF;
    }
    return new FlapDamping(penalty, halfLife, suppress, reuse, maxSuppress);
  }

  private static double positive(Mapping d, String field, double fallback) {
    if (!d.has(field)) {
      return fallback;
    }
    JsonNode value = d.raw(field);
    if (!value.isNumber() || !(value.asDouble() > 0) || Double.isInfinite(value.asDouble())) {
      d.problems().add(d.path(field), "must be a number above 0, got " + Mapping.kind(value) + " " + value);
      return fallback;
    }
    return value.asDouble();
  }
}
