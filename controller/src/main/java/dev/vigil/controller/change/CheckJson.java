package dev.vigil.controller.change;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.controller.model.CheckType;
import dev.vigil.controller.model.FlapDamping;
import dev.vigil.controller.model.HealthCheck;

/**
 * A health check as Route 53's {@code HealthCheckConfig} JSON (the fields the config reader takes back), for
 * GetHealthCheck and as the base an UpdateHealthCheck overlays. Reading it back with the config reader gives
 * the same check.
 */
public final class CheckJson {

  private CheckJson() {}

  public static ObjectNode config(HealthCheck c) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("Type", c.type().name());
    if (c.type() == CheckType.CALCULATED) {
      var children = n.putArray("ChildHealthChecks");
      c.childHealthChecks().forEach(children::add);
      n.put("HealthThreshold", c.healthThreshold());
      n.put("Inverted", c.inverted());
      n.put("Disabled", c.disabled());
      healthRules(n, c);
      return n;
    }
    if (!c.ipAddress().isEmpty()) {
      n.put("IPAddress", c.ipAddress());
    }
    n.put("Port", c.port());
    if (!c.fullyQualifiedDomainName().isEmpty()) {
      n.put("FullyQualifiedDomainName", c.fullyQualifiedDomainName());
    }
    if (!c.resourcePath().isEmpty()) {
      n.put("ResourcePath", c.resourcePath());
    }
    if (!c.searchString().isEmpty()) {
      n.put("SearchString", c.searchString());
    }
    n.put("RequestInterval", c.requestIntervalSeconds());
    n.put("FailureThreshold", c.failureThreshold());
    if (c.healthyThreshold() != c.failureThreshold()) {
      n.put("HealthyThreshold", c.healthyThreshold());
    }
    if (c.unhealthyThreshold() != c.failureThreshold()) {
      n.put("UnhealthyThreshold", c.unhealthyThreshold());
    }
    n.put("MeasureLatency", c.measureLatency());
    n.put("Inverted", c.inverted());
    n.put("Disabled", c.disabled());
    n.put("EnableSNI", c.enableSni());
    if (!c.regions().isEmpty()) {
      var regions = n.putArray("Regions");
      c.regions().forEach(regions::add);
    }
    if (c.verifyCertificate()) {
      n.put("VerifyCertificate", true);
    }
    if (c.healthyRegionsAtLeast() > 0) {
      n.putObject("HealthQuorum").put("HealthyRegionsAtLeast", c.healthyRegionsAtLeast());
    } else {
      n.putObject("HealthQuorum").put("HealthyFractionAbove", c.healthyFractionAbove());
    }
    healthRules(n, c);
    return n;
  }

  /** The native rules every type may set: cold start, flap damping, failback hold-down. */
  private static void healthRules(ObjectNode n, HealthCheck c) {
    switch (c.coldStart()) {
      case HEALTHY -> n.put("ColdStartHealthStatus", "Healthy");
      case UNHEALTHY -> n.put("ColdStartHealthStatus", "Unhealthy");
      case ROUTE53 -> { }
    }
    FlapDamping d = c.flapDamping();
    if (d.enabled()) {
      n.putObject("FlapDamping").put("PenaltyPerFlap", d.penaltyPerFlap()).put("HalfLifeSeconds", d.halfLifeSeconds())
          .put("SuppressAbove", d.suppressAbove()).put("ReuseBelow", d.reuseBelow())
          .put("MaxSuppressSeconds", d.maxSuppressSeconds());
    }
    if (c.failbackHoldDownSeconds() > 0) {
      n.put("FailbackHoldDownSeconds", c.failbackHoldDownSeconds());
    }
  }
}
