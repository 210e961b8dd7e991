package dev.vigil.controller.model;

import java.util.List;
import java.util.Optional;

/**
 * What the operator asked for: every health check and hosted zone, and the routing tables. Validated, immutable.
 *
 * @param routing the tables per-query routing policies look clients up in
 * @param api the admin API's metadata about them (zone ids, CallerReferences, versions, change records)
 */
public record DesiredState(List<HealthCheck> healthChecks, List<HostedZone> hostedZones, RoutingConfig routing,
    ApiMetadata api) {

  public static final DesiredState EMPTY = new DesiredState(List.of(), List.of());

  public DesiredState {
    healthChecks = List.copyOf(healthChecks);
    hostedZones = List.copyOf(hostedZones);
    routing = routing == null ? RoutingConfig.EMPTY : routing;
    api = api == null ? ApiMetadata.EMPTY : api;
  }

  /** A state without routing tables or API metadata. */
  public DesiredState(List<HealthCheck> healthChecks, List<HostedZone> hostedZones) {
    this(healthChecks, hostedZones, RoutingConfig.EMPTY, ApiMetadata.EMPTY);
  }

  /** A state read from a config file: routing tables, no API metadata. */
  public DesiredState(List<HealthCheck> healthChecks, List<HostedZone> hostedZones, RoutingConfig routing) {
    this(healthChecks, hostedZones, routing, ApiMetadata.EMPTY);
  }

  /** A state with API metadata and no routing tables. */
  public DesiredState(List<HealthCheck> healthChecks, List<HostedZone> hostedZones, ApiMetadata api) {
    this(healthChecks, hostedZones, RoutingConfig.EMPTY, api);
  }

  public Optional<HealthCheck> healthCheck(String id) {
    return healthChecks.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  public Optional<HostedZone> hostedZone(String name) {
    return hostedZones.stream().filter(z -> z.name().equals(name)).findFirst();
  }

  public DesiredState withApi(ApiMetadata next) {
    return new DesiredState(healthChecks, hostedZones, routing, next);
  }
}
