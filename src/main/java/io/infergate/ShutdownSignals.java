package io.infergate;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import sun.misc.Signal;

/**
 * SIGTERM (and SIGINT, Ctrl-C in a terminal) stop the node gracefully ({@link InfergateNode#shutdown})
 * and exit with status 0; a second signal, or the whole stop outlasting its bound, ends the
 * process at once.
 *
 * <p>Why a signal handler rather than a shutdown hook alone: on SIGTERM the JVM's own handler runs
 * the shutdown hooks and then exits with 143 (128 + 15) whatever they do, and it runs them all at
 * once, the logging system's among them, which closes the log handlers while a hook is still
 * logging its steps. Handling TERM ourselves ({@code sun.misc.Signal}, in the {@code jdk.unsupported}
 * module meant for this) lets the node log every step, then exit with 0 through
 * {@link System#exit}, which runs the remaining hooks (the logs are flushed and closed there).
 */
final class ShutdownSignals {

  private static final Logger LOG = Logger.getLogger(ShutdownSignals.class.getName());
  /** Leaving the cluster and closing the store, after the HTTP deadline: beyond this the process just ends. */
  private static final Duration CLOSE_BOUND = Duration.ofSeconds(60);

  private final InfergateNode node;
  private final Duration drainDelay;
  private final Duration timeout;
  private final Runnable beforeExit;
  private final AtomicBoolean stopping = new AtomicBoolean();

  private ShutdownSignals(InfergateNode node, Duration drainDelay, Duration timeout, Runnable beforeExit) {
    this.node = node;
    this.drainDelay = drainDelay;
    this.timeout = timeout;
    this.beforeExit = beforeExit;
  }

  /**
   * Handles TERM and INT from now on. {@code beforeExit} runs once just before the process exits
   * (it removes the pid file).
   */
  static ShutdownSignals install(InfergateNode node, Duration drainDelay, Duration timeout, Runnable beforeExit) {
    ShutdownSignals signals = new ShutdownSignals(node, drainDelay, timeout, beforeExit);
    Signal.handle(new Signal("TERM"), signals::received);
    Signal.handle(new Signal("INT"), signals::received);
    return signals;
  }

  /** Whether a signal started the stop: then the process exits through it, not through a shutdown hook. */
  boolean stopping() {
    return stopping.get();
  }

  private void received(Signal signal) {
    if (!stopping.compareAndSet(false, true)) {
      LOG.warning(() -> "second SIG" + signal.getName() + " during the shutdown: stopping at once, exit status "
          + (128 + signal.getNumber()));
      finish(128 + signal.getNumber(), true);
      return;
    }
    // The signal's own thread returns at once; the stop runs on a thread of its own.
    new Thread(() -> stop(signal), "infergate-shutdown").start();
  }

  private void stop(Signal signal) {
    LOG.info(() -> "SIG" + signal.getName() + " received: shutting down (shutdown.drain_delay " + drainDelay.toMillis()
        + " ms, shutdown.timeout " + timeout.toMillis() + " ms)");
    int status = 0;
    try {
      node.shutdown(drainDelay, timeout).toCompletionStage().toCompletableFuture()
          .get(drainDelay.plus(timeout).plus(CLOSE_BOUND).toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("node stopped cleanly; exit status 0");
    } catch (TimeoutException e) {
      LOG.severe(() -> "the node did not stop within " + drainDelay.plus(timeout).plus(CLOSE_BOUND).toSeconds()
          + " s; exit status 1");
      status = 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = 1;
    } catch (Exception e) {
      LOG.log(Level.SEVERE, "the shutdown failed; exit status 1", e);
      status = 1;
    }
    finish(status, false);
  }

  private void finish(int status, boolean atOnce) {
    try {
      beforeExit.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "cleaning up before exit failed", e);
    }
    if (atOnce) {
      // No hook runs after halt: what was logged must reach the file now.
      for (Handler handler : Logger.getLogger("").getHandlers()) {
        handler.flush();
      }
      Runtime.getRuntime().halt(status);
    }
    System.exit(status);
  }
}
