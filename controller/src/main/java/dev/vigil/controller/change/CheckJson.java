package dev.vigil.controller.change;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    n.putObject("HealthQuorum").put("HealthyFractionAbove", c.healthyFractionAbove());
    return n;
  }
}
