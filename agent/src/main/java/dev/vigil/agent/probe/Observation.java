package dev.vigil.agent.probe;

/**
 * One probe of one check: when it started (agent clock, epoch ms) and what it saw.
 *
 * @param requested true when the probe ran out of schedule at a controller's request (a confirm probe)
 */
public record Observation(String checkId, long observedAtMillis, ProbeResult result, boolean requested) {

  /** A probe of the regular schedule. */
  public Observation(String checkId, long observedAtMillis, ProbeResult result) {
    this(checkId, observedAtMillis, result, false);
  }
}
