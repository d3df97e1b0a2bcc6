package io.infergate.inference.builtin;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.infergate.bus.EndpointDefinition;
import io.infergate.inference.ServiceCatalog;
import io.infergate.inference.TaskType;
import io.infergate.inference.perform.Call;
import io.infergate.inference.perform.InferenceResult;
import io.infergate.inference.perform.InferenceService;
import io.infergate.inference.perform.PerformRequest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

/**
 * Elasticsearch's in-cluster service ({@code "service": "elasticsearch"}) with one model shipped
 * in the jar, all-MiniLM-L6-v2 quantized (384 dimensions), run in this process: no provider, no
 * network. The model loads on the first request. Requests wait in a bounded queue for the
 * model's own threads, which embed the texts of concurrent requests together; a full queue
 * answers 429 at once.
 */
public final class BuiltInModelService implements InferenceService {

  public static final String NAME = ServiceCatalog.BUILT_IN_SERVICE;
  public static final String ALL_MINILM_L6_V2 = ServiceCatalog.BUILT_IN_MODEL_ID;
  /** The {@code service_settings.model_id} values this service serves. */
  public static final Set<String> MODEL_IDS = Set.of(ALL_MINILM_L6_V2);
  public static final int DIMENSIONS = 384;

  private static final String MODEL_ID = "model_id";

  private final int sliceSize;
  private final JobQueue queue;
  private final ModelThreads threads;
  private volatile boolean closed;

  public BuiltInModelService(BuiltInModelSettings settings) {
    this.sliceSize = settings.sliceSize();
    this.queue = new JobQueue(settings.queueSize());
    // Same-thread executor: langchain4j would otherwise run a batch's texts on a pool of its own,
    // one thread per processor, beside ours.
    LazyEmbeddingModel model = new LazyEmbeddingModel(() -> new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run));
    this.threads = new ModelThreads(queue, model, settings);
  }

  public BuiltInModelService() {
    this(BuiltInModelSettings.defaults());
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<InferenceResult> infer(EndpointDefinition endpoint, PerformRequest request, Call call) {
    if (request.taskType() != TaskType.TEXT_EMBEDDING) {
      return Future.failedFuture(BuiltInModelErrors.unsupportedTaskType(request.taskType()));
    }
    String modelId = endpoint.serviceSettings().getString(MODEL_ID);
    if (!MODEL_IDS.contains(modelId)) {
      return Future.failedFuture(BuiltInModelErrors.unknownModel(modelId));
    }
    List<String> input = request.input();
    for (int i = 0; i < input.size(); i++) {
      String text = input.get(i);
      if (text.isBlank() || text.trim().isEmpty()) {
        return Future.failedFuture(BuiltInModelErrors.blankInput(i));
      }
    }
    String inferenceId = request.inferenceId();
    if (call.isCancelled()) {
      return Future.failedFuture(BuiltInModelErrors.cancelled(inferenceId));
    }
    if (input.isEmpty()) {
      return Future.succeededFuture(new InferenceResult.TextEmbeddings(List.of()));
    }
    return call.admit().compose(admitted -> embed(inferenceId, input, call));
  }

  private Future<InferenceResult> embed(String inferenceId, List<String> input, Call call) {
    if (closed) {
      return Future.failedFuture(BuiltInModelErrors.shutDown(inferenceId));
    }
    RequestEmbeddings embeddings = new RequestEmbeddings(inferenceId, input.size(), Vertx.currentContext());
    List<EmbeddingJob> jobs = slice(embeddings, input);
    if (!queue.offerAll(jobs)) {
      return Future.failedFuture(BuiltInModelErrors.queueFull(inferenceId));
    }
    call.onCancel(() -> drop(embeddings, BuiltInModelErrors.cancelled(inferenceId)));
    try {
      threads.runSoon(jobs.size());
    } catch (RejectedExecutionException closedMeanwhile) {
      drop(embeddings, BuiltInModelErrors.shutDown(inferenceId));
    }
    return embeddings.future().map(InferenceResult.TextEmbeddings::new);
  }

  /** Texts the model has embedded since this service was made. */
  public long textsEmbedded() {
    return threads.textsEmbedded();
  }

  /** Stops the model's threads; requests still waiting fail with a 429. A batch already running ends normally. */
  public void close() {
    closed = true;
    threads.shutdown();
    for (EmbeddingJob job : queue.clear()) {
      job.request().fail(BuiltInModelErrors.shutDown(job.request().inferenceId()));
    }
  }

  private List<EmbeddingJob> slice(RequestEmbeddings embeddings, List<String> input) {
    List<EmbeddingJob> jobs = new ArrayList<>((input.size() + sliceSize - 1) / sliceSize);
    for (int offset = 0; offset < input.size(); offset += sliceSize) {
      jobs.add(new EmbeddingJob(embeddings, offset, input.subList(offset, Math.min(input.size(), offset + sliceSize))));
    }
    return jobs;
  }

  private void drop(RequestEmbeddings embeddings, Throwable why) {
    if (embeddings.fail(why)) {
      queue.removeAll(embeddings);
    }
  }
}
