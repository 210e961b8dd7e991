package dev.vigil.controller.model;

import java.util.List;
import java.util.Optional;

/**
 * What the operator asked for: every health check and hosted zone. Validated, immutable.
 *
 * @param api the admin API's metadata about them (zone ids, CallerReferences, versions, change records)
 */
public record DesiredState(List<HealthCheck> healthChecks, List<HostedZone> hostedZones, ApiMetadata api) {

  public static final DesiredState EMPTY = new DesiredState(List.of(), List.of());

  public DesiredState {
    healthChecks = List.copyOf(healthChecks);
    hostedZones = List.copyOf(hostedZones);
    api = api == null ? ApiMetadata.EMPTY : api;
  }

  /** A state without API metadata, e.g. read from a config file. */
  public DesiredState(List<HealthCheck> healthChecks, List<HostedZone> hostedZones) {
    this(healthChecks, hostedZones, ApiMetadata.EMPTY);
  }

  public Optional<HealthCheck> healthCheck(String id) {
    return healthChecks.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  public Optional<HostedZone> hostedZone(String name) {
    return hostedZones.stream().filter(z -> z.name().equals(name)).findFirst();
  }

  public DesiredState withApi(ApiMetadata next) {
    return new DesiredState(healthChecks, hostedZones, next);
  }
}
