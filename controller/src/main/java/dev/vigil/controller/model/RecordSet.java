package dev.vigil.controller.model;

import java.util.List;
import java.util.Optional;

/**
 * One Route 53 {@code ResourceRecordSet}.
 *
 * @param name absolute, lower case, e.g. "www.example.test."
 * @param type mnemonic, upper case, e.g. "A"
 * @param ttl 0 for an alias (it answers with its target's TTL)
 * @param setIdentifier empty for a simple record set
 * @param healthCheckId empty when the record set has no health check (it is then always healthy)
 * @param values {@code ResourceRecords[].Value}, presentation format; empty for an alias
 * @param routing Weight, Region, GeoLocation, CidrRoutingConfig or MultiValueAnswer; {@link Routing#NONE} otherwise
 * @param aliasTarget present for an alias record set
 * @param allUnhealthy native: what the group answers when all its record sets are unhealthy
 */
public record RecordSet(
    String name,
    String type,
    long ttl,
    String setIdentifier,
    Failover failover,
    String healthCheckId,
    List<String> values,
    Routing routing,
    Optional<AliasTarget> aliasTarget,
    AllUnhealthy allUnhealthy) {

  public RecordSet {
    values = List.copyOf(values);
  }

  /** A simple or failover record set with values. */
  public RecordSet(String name, String type, long ttl, String setIdentifier, Failover failover, String healthCheckId,
      List<String> values) {
    this(name, type, ttl, setIdentifier, failover, healthCheckId, values, Routing.NONE, Optional.empty(),
        AllUnhealthy.SERVE_ALL);
  }

  public boolean hasHealthCheck() {
    return !healthCheckId.isEmpty();
  }

  public boolean isAlias() {
    return aliasTarget.isPresent();
  }

  /** The routing policy of the group this record set belongs to, e.g. "weighted". */
  public String policy() {
    return failover != Failover.NONE ? "failover" : routing.policy();
  }
}
