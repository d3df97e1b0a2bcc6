package io.infergate.inference.builtin;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The built-in model's own threads, apart from the event loops and Vert.x's worker pool: each
 * takes the oldest waiting jobs, of any number of requests, up to a batch, and runs them in one
 * model call. Threads start on first use and end when idle, so a node that never embeds holds none.
 */
final class ModelThreads {

  static final String NAME = "infergate-builtin-model";

  private static final Logger LOG = Logger.getLogger(ModelThreads.class.getName());
  private static final long IDLE_SECONDS = 60;

  private final JobQueue queue;
  private final LazyEmbeddingModel model;
  private final int maxBatchSize;
  private final ThreadPoolExecutor executor;
  private final LongAdder textsEmbedded = new LongAdder();

  ModelThreads(JobQueue queue, LazyEmbeddingModel model, BuiltInModelSettings settings) {
    this.queue = queue;
    this.model = model;
    this.maxBatchSize = settings.maxBatchSize();
    AtomicInteger numbers = new AtomicInteger();
    // Unbounded, but it only ever holds one small task per admitted job, and JobQueue bounds those.
    this.executor = new ThreadPoolExecutor(settings.threads(), settings.threads(), IDLE_SECONDS, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, NAME + "-" + numbers.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    executor.allowCoreThreadTimeOut(true);
  }

  /**
   * Makes sure {@code jobs} newly queued jobs get run: one batch is taken per job, and a batch
   * taken after an earlier one gathered its job finds nothing and ends at once.
   *
   * @throws RejectedExecutionException when the threads are shut down
   */
  void runSoon(int jobs) {
    for (int i = 0; i < jobs; i++) {
      executor.execute(this::runOneBatch);
    }
  }

  long textsEmbedded() {
    return textsEmbedded.sum();
  }

  void shutdown() {
    executor.shutdown();
  }

  private void runOneBatch() {
    List<EmbeddingJob> batch = queue.takeBatch(maxBatchSize);
    if (batch.isEmpty()) {
      return;
    }
    List<TextSegment> segments = new ArrayList<>();
    batch.forEach(job -> job.texts().forEach(text -> segments.add(TextSegment.from(text))));
    List<Embedding> embeddings;
    try {
      embeddings = model.get().embedAll(segments).content();
    } catch (RuntimeException | LinkageError failure) {
      LOG.log(Level.WARNING, "the built-in model failed on a batch of " + segments.size() + " texts", failure);
      batch.forEach(job -> job.request().fail(failure));
      return;
    }
    textsEmbedded.add(segments.size());
    int next = 0;
    for (EmbeddingJob job : batch) {
      List<float[]> vectors = new ArrayList<>(job.texts().size());
      for (int i = 0; i < job.texts().size(); i++) {
        vectors.add(embeddings.get(next++).vector());
      }
      job.request().fill(job.offset(), vectors);
    }
  }
}
