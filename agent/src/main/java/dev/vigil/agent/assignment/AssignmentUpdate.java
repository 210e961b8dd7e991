package dev.vigil.agent.assignment;

import dev.vigil.agent.probe.Check;
import java.util.List;

/** An assignment as received: a full set of checks, or changes (upserts and removals) at a version. */
public record AssignmentUpdate(long version, boolean full, List<Check> upserts, List<String> removedCheckIds) {

  public AssignmentUpdate {
    upserts = List.copyOf(upserts);
    removedCheckIds = List.copyOf(removedCheckIds);
  }
}
