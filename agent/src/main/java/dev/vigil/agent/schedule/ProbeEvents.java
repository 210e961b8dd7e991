package dev.vigil.agent.schedule;

import dev.vigil.agent.probe.Check;
import dev.vigil.agent.probe.ProbeResult;
import java.time.Duration;

/** What the scheduler reports for metrics. */
public interface ProbeEvents {

  ProbeEvents NONE = new ProbeEvents() {};

  /** A slot fired this long after its due time. */
  default void fired(Duration lateness) {}

  /** A slot was skipped because the previous probe of the check was still running. */
  default void skipped(Check check) {}

  /** A controller asked for an out-of-schedule probe of a check; what the scheduler did with it. */
  default void probeNow(ProbeScheduler.ProbeNowOutcome outcome) {}

  default void completed(Check check, ProbeResult result, Duration took) {}
}
