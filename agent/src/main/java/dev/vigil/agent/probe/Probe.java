package dev.vigil.agent.probe;

/** Runs one probe of a check; never throws, every failure is a {@link ProbeResult}. Blocking. */
public interface Probe {
  ProbeResult run(Check check);
}
