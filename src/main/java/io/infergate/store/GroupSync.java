package io.infergate.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Group commit for {@code request} durability: whoever committed asks for a sync, and one thread
 * runs one sync for everyone who asked while the previous one ran. A sync that starts after a
 * commit puts that commit on disk, so every request in a batch (each made after its own commit) is
 * answered by the sync the batch gets. Callers that must not block, such as an event append whose
 * row was committed on a Hazelcast partition thread, get a future instead of holding a thread
 * through the sync.
 */
final class GroupSync implements AutoCloseable {

  private final Runnable sync;
  private final Thread thread;
  private List<CompletableFuture<Void>> waiting = new ArrayList<>();
  private boolean closed;

  /** @param sync puts every commit made so far on disk; a failure fails the batch it was run for */
  GroupSync(Runnable sync, String threadName) {
    this.sync = sync;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** Completes once a sync that started after this call has finished (on the sync thread). */
  CompletionStage<Void> request() {
    CompletableFuture<Void> synced = new CompletableFuture<>();
    synchronized (this) {
      if (closed) {
        synced.completeExceptionally(new IllegalStateException("the store is closed"));
        return synced;
      }
      waiting.add(synced);
      notifyAll();
    }
    return synced;
  }

  /** {@link #request()}, waited for: for the caller that may block (a Hazelcast map store thread). */
  void await() {
    try {
      request().toCompletableFuture().join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private void run() {
    while (true) {
      List<CompletableFuture<Void>> batch;
      synchronized (this) {
        while (waiting.isEmpty() && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
          }
        }
        if (waiting.isEmpty()) {
          return;
        }
        batch = waiting;
        waiting = new ArrayList<>();
      }
      try {
        sync.run();
        batch.forEach(synced -> synced.complete(null));
      } catch (RuntimeException e) {
        batch.forEach(synced -> synced.completeExceptionally(e));
      }
    }
  }

  /** Answers what is waiting with a last sync, then ends the thread; later requests fail. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
