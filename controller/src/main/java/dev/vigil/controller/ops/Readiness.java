package dev.vigil.controller.ops;

import dev.vigil.controller.cluster.Leadership;
import java.util.ArrayList;
import java.util.List;

/** What must hold before this controller reports ready. */
public final class Readiness {

  private volatile boolean configApplied;
  private volatile boolean serving;

  /** @param configApplied true from the start when no --config was given */
  public Readiness(boolean configApplied) {
    this.configApplied = configApplied;
  }

  public void configApplied() {
    configApplied = true;
  }

  public void serving() {
    serving = true;
  }

  /** Empty when ready; otherwise one short reason per unmet condition. */
  public List<String> notReady(Leadership leadership) {
    List<String> reasons = new ArrayList<>();
    if (leadership.leaderId().isEmpty()) {
      reasons.add("raft: no leader");
    } else if (!leadership.caughtUp()) {
      reasons.add("raft: still applying the log");
    }
    if (!configApplied) {
      reasons.add("config: not applied yet");
    }
    if (!serving) {
      reasons.add("grpc: not serving yet");
    }
    return reasons;
  }
}
