package io.infergate.inference.builtin;

/**
 * How the built-in model's work is run.
 *
 * @param threads      the model's own threads, each running one batch at a time
 * @param queueSize    how many jobs (a request's inputs in slices of at most
 *                     {@link #REQUEST_SLICE} texts, as Elasticsearch sends them to a trained model
 *                     deployment) may wait for a thread; past it, a request fails with a 429
 * @param maxBatchSize the most texts one model call takes, gathered from the waiting jobs of
 *                     every request; a job is never split, so at least one job always fits
 */
public record BuiltInModelSettings(int threads, int queueSize, int maxBatchSize) {

  /** Elasticsearch's batch size for its in-cluster service: a request's inputs go in slices of 10. */
  public static final int REQUEST_SLICE = 10;

  /** As Elasticsearch's default {@code queue_capacity} of a trained model deployment. */
  public static final int DEFAULT_QUEUE_SIZE = 1024;

  public static final int DEFAULT_MAX_BATCH_SIZE = 32;

  public BuiltInModelSettings {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1: " + threads);
    }
    if (queueSize < 1) {
      throw new IllegalArgumentException("queueSize must be at least 1: " + queueSize);
    }
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be at least 1: " + maxBatchSize);
    }
  }

  public static BuiltInModelSettings defaults() {
    return new BuiltInModelSettings(defaultThreads(), DEFAULT_QUEUE_SIZE, DEFAULT_MAX_BATCH_SIZE);
  }

  /**
   * One per processor. ONNX Runtime spreads a single text over the cores too, but badly for texts
   * this short: on 2 cores, 2 threads embed ~1.4x the texts/s of 1 (~750 against ~450, measured
   * with BuiltInModelThroughput), and more than the cores only make the node's other work wait.
   * Set 1 to keep a core for the gateway's own work.
   */
  public static int defaultThreads() {
    return Math.max(1, Runtime.getRuntime().availableProcessors());
  }

  /** The texts of one job: a request's slice, never more than a batch. */
  int sliceSize() {
    return Math.min(REQUEST_SLICE, maxBatchSize);
  }
}
