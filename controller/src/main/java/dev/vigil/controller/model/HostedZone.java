package dev.vigil.controller.model;

import java.util.List;

/**
 * A hosted zone and its record sets.
 *
 * @param name absolute, lower case, e.g. "example.test."
 */
public record HostedZone(String name, List<RecordSet> recordSets) {

  public HostedZone {
    recordSets = List.copyOf(recordSets);
  }
}
