package dev.vigil.e2e.harness;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Waits for a condition by polling it until a deadline: no fixed sleeps as synchronisation. */
public final class Poll {

  private static final long INTERVAL_MILLIS = 20;

  private Poll() {}

  /**
   * Calls {@code probe} until its value satisfies {@code done} or the timeout passes. A probe that
   * throws counts as "not yet".
   *
   * @return the satisfying value
   * @throws AssertionError on timeout, naming {@code what} and the last value or error seen
   */
  public static <T> T until(String what, Duration timeout, Callable<T> probe, Predicate<T> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Object last = "(never probed)";
    while (true) {
      try {
        T value = probe.call();
        if (done.test(value)) {
          return value;
        }
        last = value;
      } catch (InterruptedException e) {
        throw e;
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what
            + "; last seen: " + last);
      }
      Thread.sleep(INTERVAL_MILLIS); // the polling period, not a synchronisation
    }
  }
}
