package dev.vigil.agent.assignment;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Holds the current {@link AssignedChecks}; every link offers what it receives, the newest wins. Thread-safe. */
public final class AssignmentBook {

  private static final Logger log = LoggerFactory.getLogger(AssignmentBook.class);

  private final Consumer<AssignedChecks> onApplied;
  private AssignedChecks current = AssignedChecks.NONE;

  /** @param onApplied called (under the book's lock, so in version order) with every applied state */
  public AssignmentBook(Consumer<AssignedChecks> onApplied) {
    this.onApplied = onApplied;
  }

  /** Offers an update from {@code source}; returns whether to acknowledge it. */
  public synchronized boolean offer(AssignmentUpdate update, String source) {
    AssignedChecks.Step step = current.offer(update);
    switch (step.decision()) {
      case APPLIED -> {
        boolean advanced = step.next().version() != current.version();
        current = step.next();
        onApplied.accept(current);
        if (advanced) {
          log.info("event=assignment.applied version={} full={} checks={} controller={}", update.version(),
              update.full(), current.checks().size(), source);
        }
      }
      case SUPERSEDED -> log.debug("event=assignment.superseded version={} current={} controller={}",
          update.version(), current.version(), source);
      case NO_BASE -> log.warn("event=assignment.no_base version={} controller={} reason=\"change before any full"
          + " assignment\"", update.version(), source);
    }
    return step.acknowledge();
  }

  public synchronized AssignedChecks current() {
    return current;
  }
}
