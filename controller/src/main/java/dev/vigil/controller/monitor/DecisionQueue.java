package dev.vigil.controller.monitor;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks waiting to be decided. Callers (agent streams' gRPC threads, transition completions) only add ids and
 * return; one drain at a time decides everything pending on the executor, so a burst of batches costs one
 * decision per check, and nobody waits for Raft. With a direct executor the caller decides inline.
 */
final class DecisionQueue {

  private static final Logger log = LoggerFactory.getLogger(DecisionQueue.class);

  private final Executor executor;
  private final Consumer<Set<String>> decide;
  private Set<String> pending = new LinkedHashSet<>(); // guarded by this
  private boolean draining; // guarded by this

  DecisionQueue(Executor executor, Consumer<Set<String>> decide) {
    this.executor = executor;
    this.decide = decide;
  }

  void request(Collection<String> checkIds) {
    if (checkIds.isEmpty()) {
      return;
    }
    synchronized (this) {
      pending.addAll(checkIds);
      if (draining) {
        return; // the running drain picks them up
      }
      draining = true;
    }
    try {
      executor.execute(this::drain);
    } catch (RuntimeException e) { // shutting down: the tick or the next batch decides
      synchronized (this) {
        draining = false;
      }
      log.debug("event=monitor.decide_rejected error=\"{}\"", e.toString());
    }
  }

  private void drain() {
    while (true) {
      Set<String> batch;
      synchronized (this) {
        if (pending.isEmpty()) {
          draining = false;
          return;
        }
        batch = pending;
        pending = new LinkedHashSet<>();
      }
      try {
        decide.accept(batch);
      } catch (RuntimeException e) {
        log.warn("event=monitor.decide_failed checks={} error=\"{}\"", batch.size(), e.toString());
      }
    }
  }
}
