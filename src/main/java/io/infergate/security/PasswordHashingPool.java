package io.infergate.security;

import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The threads that run bcrypt, apart from Vert.x's shared worker pool so that a flood of wrong
 * passwords cannot hold up the registry's blocking work, and few enough to leave the node CPU for
 * everything else. At most {@code queueSize} tasks wait for a thread; past that a task fails at
 * once with Elasticsearch's 429 {@code es_rejected_execution_exception}, as a full Elasticsearch
 * thread pool does.
 */
final class PasswordHashingPool {

  static final String NAME = "infergate-password-hashing";

  private static final Logger LOG = Logger.getLogger(PasswordHashingPool.class.getName());

  private final WorkerExecutor executor;
  private final int threads;
  private final int queueSize;
  private final AtomicInteger waiting = new AtomicInteger();
  private final AtomicLong rejected = new AtomicLong();
  // A flood is rejected request by request; one line per interval says so without flooding the log.
  private final OccasionalWarning throttledWarning = new OccasionalWarning(LOG, Duration.ofSeconds(10));
  // Closing the executor drops the tasks still queued without completing them; these are failed
  // on close instead, so that no authentication waits forever.
  private final Set<Promise<?>> unfinished = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  PasswordHashingPool(Vertx vertx, int threads, int queueSize) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    if (queueSize < 1) {
      throw new IllegalArgumentException("queueSize must be at least 1: " + queueSize);
    }
    this.executor = vertx.createSharedWorkerExecutor(NAME, threads);
    this.threads = threads;
    this.queueSize = queueSize;
  }

  /**
   * Runs {@code work} on one of the pool's threads, or fails with an {@link EsException} (429)
   * when {@code queueSize} tasks are already waiting or the pool is closed.
   */
  <T> Future<T> submit(Callable<T> work) {
    if (closed) {
      return Future.failedFuture(rejection("the password-hashing pool is shut down"));
    }
    if (waiting.incrementAndGet() > queueSize) {
      waiting.decrementAndGet();
      rejected.incrementAndGet();
      throttledWarning.warn(() -> "password-hashing queue is full (" + queueSize + " waiting for " + threads
          + " threads); rejecting authentications with 429, " + rejected.get() + " so far");
      return Future.failedFuture(rejection("the password-hashing queue is full"));
    }
    Promise<T> outcome = Promise.promise();
    unfinished.add(outcome);
    try {
      executor.<T>executeBlocking(() -> {
        waiting.decrementAndGet();
        return work.call();
      }, false).onComplete(result -> {
        unfinished.remove(outcome);
        if (result.succeeded()) {
          outcome.tryComplete(result.result());
        } else {
          outcome.tryFail(result.cause());
        }
      });
    } catch (RejectedExecutionException closedMeanwhile) {
      waiting.decrementAndGet();
      unfinished.remove(outcome);
      outcome.tryFail(rejection("the password-hashing pool is shut down"));
    }
    return outcome.future();
  }

  int threads() {
    return threads;
  }

  /** Tasks submitted that no thread has started yet. */
  int waiting() {
    return waiting.get();
  }

  long rejected() {
    return rejected.get();
  }

  /** Stops the threads; tasks still waiting fail with a 429. */
  Future<Void> close() {
    closed = true;
    Future<Void> executorClosed = executor.close();
    for (Promise<?> outcome : unfinished) {
      outcome.tryFail(rejection("the password-hashing pool is shut down"));
    }
    return executorClosed;
  }

  private static EsException rejection(String why) {
    return new EsException(new EsError(429, "es_rejected_execution_exception",
        "rejected execution of authentication: " + why));
  }
}
