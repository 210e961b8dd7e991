package dev.vigil.controller.model;

/** Route 53's {@code ResourceRecordSet.Failover}; NONE for a record set of another policy. */
public enum Failover {
  NONE,
  PRIMARY,
  SECONDARY
}
