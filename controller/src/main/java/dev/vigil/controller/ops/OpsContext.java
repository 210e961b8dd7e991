package dev.vigil.controller.ops;

import dev.vigil.controller.change.ConfigChanges;
import dev.vigil.controller.cluster.GroupView;
import dev.vigil.controller.cluster.Leadership;
import dev.vigil.controller.cluster.ReplicatedState;
import dev.vigil.controller.monitor.HealthMonitor;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The already-built runtime objects the HTTP endpoints read, handed to Micronaut as one singleton
 * (Micronaut only serves HTTP; it never owns or closes these).
 */
public record OpsContext(
    ReplicatedState state,
    Leadership leadership,
    HealthMonitor monitor,
    Readiness readiness,
    PrometheusMeterRegistry registry,
    ConfigChanges configChanges,
    GroupView group) {}
