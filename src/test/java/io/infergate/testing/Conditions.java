package io.infergate.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on a condition, polling, never on a fixed sleep alone; or checks one keeps holding. */
public final class Conditions {

  private Conditions() {
  }

  public static void await(Duration timeout, String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
      }
      pause(what);
    }
  }

  /**
   * Checks that {@code condition} holds all through {@code window}, polling: for "nothing more
   * happens", such as no further request reaching a provider, over as long as it would take.
   */
  public static void holds(Duration window, String what, BooleanSupplier condition) {
    long end = System.nanoTime() + window.toNanos();
    while (true) {
      if (!condition.getAsBoolean()) {
        throw new AssertionError("no longer true within " + window + ": " + what);
      }
      if (System.nanoTime() >= end) {
        return;
      }
      pause(what);
    }
  }

  private static void pause(String what) {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for: " + what, e);
    }
  }
}
