package dev.vigil.controller.model;

/**
 * Route 53's {@code AliasTarget} to another record set of the same type in a hosted zone of this state.
 *
 * @param hostedZoneId the target's hosted zone, by name (absolute, lower case) here; the admin API maps ids to names
 * @param dnsName the target record set's name, absolute, lower case
 */
public record AliasTarget(String hostedZoneId, String dnsName, boolean evaluateTargetHealth) {}
