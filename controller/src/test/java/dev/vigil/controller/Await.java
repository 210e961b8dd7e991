package dev.vigil.controller;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until a deadline: the only way these tests wait. */
public final class Await {

  private static final long POLL_MILLIS = 20;

  private Await() {}

  public static void until(BooleanSupplier condition, String what, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
      }
      Thread.sleep(POLL_MILLIS); // the polling period, not a synchronisation
    }
  }
}
