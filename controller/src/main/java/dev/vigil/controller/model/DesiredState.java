package dev.vigil.controller.model;

import java.util.List;
import java.util.Optional;

/** What the operator asked for: every health check and hosted zone, and the routing tables. Validated, immutable. */
public record DesiredState(List<HealthCheck> healthChecks, List<HostedZone> hostedZones, RoutingConfig routing) {

  public static final DesiredState EMPTY = new DesiredState(List.of(), List.of());

  public DesiredState {
    healthChecks = List.copyOf(healthChecks);
    hostedZones = List.copyOf(hostedZones);
  }

  public DesiredState(List<HealthCheck> healthChecks, List<HostedZone> hostedZones) {
    this(healthChecks, hostedZones, RoutingConfig.EMPTY);
  }

  public Optional<HealthCheck> healthCheck(String id) {
    return healthChecks.stream().filter(c -> c.id().equals(id)).findFirst();
  }
}
