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
    try {
      embed(batch);
    } catch (RuntimeException | LinkageError failure) {
      if (batch.size() == 1) {
        fail(batch.get(0), failure);
        return;
      }
      // One request's text can break a batch that holds other requests' texts: run each alone, so
      // that only the request at fault fails.
      for (EmbeddingJob job : batch) {
        try {
          embed(List.of(job));
        } catch (RuntimeException | LinkageError jobFailure) {
          fail(job, jobFailure);
        }
      }
    }
  }

  private void embed(List<EmbeddingJob> jobs) {
    List<TextSegment> segments = new ArrayList<>();
    jobs.forEach(job -> job.texts().forEach(text -> segments.add(TextSegment.from(text))));
    List<Embedding> embeddings = model.get().embedAll(segments).content();
    textsEmbedded.add(segments.size());
    int next = 0;
    for (EmbeddingJob job : jobs) {
      List<float[]> vectors = new ArrayList<>(job.texts().size());
      for (int i = 0; i < job.texts().size(); i++) {
        vectors.add(embeddings.get(next++).vector());
      }
      job.request().fill(job.offset(), vectors);
    }
  }

  private static void fail(EmbeddingJob job, Throwable failure) {
    // langchain4j refuses a text its tokenizer reduces to nothing (a zero-width space, say): the
    // client's input, not our failure.
    if (failure instanceof IllegalArgumentException) {
      job.request().fail(BuiltInModelErrors.unembeddable(failure.getMessage()));
      return;
    }
    LOG.log(Level.WARNING, "the built-in model failed on " + job.texts().size() + " texts of inference id ["
        + job.request().inferenceId() + "]", failure);
    job.request().fail(failure);
  }
}
