package dev.vigil.agent.probe;

import java.time.Duration;
import java.util.Objects;

/** One check this agent runs, as assigned by the controllers. */
public record Check(String id, ProbeSpec spec, Target target, Duration interval, boolean measureLatency) {

  public Check {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(target, "target");
    if (id.isEmpty()) {
      throw new IllegalArgumentException("check id is empty");
    }
    if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("interval must be at least 1 s, got " + interval);
    }
  }
}
