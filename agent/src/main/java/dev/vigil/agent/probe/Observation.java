package dev.vigil.agent.probe;

/** One probe of one check: when it started (agent clock, epoch ms) and what it saw. */
public record Observation(String checkId, long observedAtMillis, ProbeResult result) {}
