package dev.vigil.controller.model;

import java.util.List;

/**
 * One Route 53 {@code ResourceRecordSet}.
 *
 * @param name absolute, lower case, e.g. "www.example.test."
 * @param type mnemonic, upper case, e.g. "A"
 * @param setIdentifier empty for a simple record set
 * @param healthCheckId empty when the record set has no health check (it is then always healthy)
 * @param values {@code ResourceRecords[].Value}, presentation format
 */
public record RecordSet(
    String name,
    String type,
    long ttl,
    String setIdentifier,
    Failover failover,
    String healthCheckId,
    List<String> values) {

  public RecordSet {
    values = List.copyOf(values);
  }

  public boolean hasHealthCheck() {
    return !healthCheckId.isEmpty();
  }
}
