package io.infergate.inference.builtin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The jobs waiting for a model thread, in arrival order, at most {@code capacity} of them. A
 * request's jobs are admitted all together or not at all, so a request is never half run.
 */
final class JobQueue {

  private final int capacity;
  private final ArrayDeque<EmbeddingJob> waiting = new ArrayDeque<>();

  JobQueue(int capacity) {
    this.capacity = capacity;
  }

  /** Adds every job, or none when they do not all fit; returns whether they were added. */
  synchronized boolean offerAll(List<EmbeddingJob> jobs) {
    if (waiting.size() + jobs.size() > capacity) {
      return false;
    }
    waiting.addAll(jobs);
    return true;
  }

  /**
   * Takes the oldest jobs whose texts add up to at most {@code maxTexts} (always at least one job
   * when any waits), skipping those of requests that already finished, such as cancelled ones.
   */
  synchronized List<EmbeddingJob> takeBatch(int maxTexts) {
    List<EmbeddingJob> batch = new ArrayList<>();
    int texts = 0;
    while (!waiting.isEmpty()) {
      EmbeddingJob next = waiting.peekFirst();
      if (next.request().isFinished()) {
        waiting.pollFirst();
        continue;
      }
      if (!batch.isEmpty() && texts + next.texts().size() > maxTexts) {
        break;
      }
      batch.add(waiting.pollFirst());
      texts += next.texts().size();
    }
    return batch;
  }

  /** Drops the jobs of {@code request} that no thread took yet, freeing their places. */
  synchronized void removeAll(RequestEmbeddings request) {
    Iterator<EmbeddingJob> jobs = waiting.iterator();
    while (jobs.hasNext()) {
      if (jobs.next().request() == request) {
        jobs.remove();
      }
    }
  }

  /** Removes and returns every waiting job. */
  synchronized List<EmbeddingJob> clear() {
    List<EmbeddingJob> all = new ArrayList<>(waiting);
    waiting.clear();
    return all;
  }

  synchronized int size() {
    return waiting.size();
  }
}
