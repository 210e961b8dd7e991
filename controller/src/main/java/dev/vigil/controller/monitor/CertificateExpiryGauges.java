package dev.vigil.controller.monitor;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code vigil_controller_certificate_expiry_seconds{check}}: one gauge per HTTPS check whose certificate an agent
 * reported, read at scrape time, removed with the check. Not thread-safe: the monitor calls it under its lock.
 */
final class CertificateExpiryGauges {

  private final MeterRegistry registry; // null: no metrics
  private final Function<String, Optional<Duration>> expiresIn;
  private final Map<String, Meter> gauges = new HashMap<>();

  CertificateExpiryGauges(MeterRegistry registry, Function<String, Optional<Duration>> expiresIn) {
    this.registry = registry;
    this.expiresIn = expiresIn;
  }

  void watch(String checkId) {
    if (registry == null || gauges.containsKey(checkId)) {
      return;
    }
    gauges.put(checkId, Gauge.builder("vigil.controller.certificate.expiry", checkId,
            id -> expiresIn.apply(id).map(d -> d.toMillis() / 1000.0).orElse(Double.NaN))
        .description("Seconds until the earliest certificate notAfter the agents report for an HTTPS check "
            + "(negative once expired)")
        .baseUnit("seconds")
        .tag("check", checkId)
        .strongReference(true)
        .register(registry));
  }

  void retainOnly(Set<String> checkIds) {
    var it = gauges.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (!checkIds.contains(e.getKey())) {
        registry.remove(e.getValue());
        it.remove();
      }
    }
  }
}
