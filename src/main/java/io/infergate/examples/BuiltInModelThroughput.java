package io.infergate.examples;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.infergate.bus.EndpointDefinition;
import io.infergate.inference.TaskType;
import io.infergate.inference.builtin.BuiltInModelService;
import io.infergate.inference.builtin.BuiltInModelSettings;
import io.infergate.inference.perform.Call;
import io.infergate.inference.perform.PerformRequest;
import io.vertx.core.json.JsonObject;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The baseline the gateway's built-in model is compared with: all-MiniLM-L6-v2 (quantized) called
 * directly through langchain4j in this JVM, by {@code --threads} threads that each embed
 * {@code --batch} texts per call for {@code --seconds}. Prints one JSON line. With
 * {@code --path service} the same callers go through {@link BuiltInModelService#infer} instead
 * (its queue, micro-batches and threads, no HTTP), each waiting for its answer before the next.
 */
@Command(name = "built-in-model-throughput", mixinStandardHelpOptions = true,
    description = "Measures texts/s of the built-in embedding model called directly through langchain4j.")
public final class BuiltInModelThroughput implements Callable<Integer> {

  @Option(names = "--threads", description = "concurrent callers", defaultValue = "1")
  int threads;

  @Option(names = "--seconds", description = "how long to measure, after a warm-up", defaultValue = "10")
  double seconds;

  @Option(names = "--batch", description = "texts per embedAll call", defaultValue = "1")
  int batch;

  @Option(names = "--warmup-seconds", description = "how long to run before measuring", defaultValue = "2")
  double warmupSeconds;

  @Option(names = "--path", description = "direct (langchain4j) or service (BuiltInModelService)",
      defaultValue = "direct")
  String path;

  @Option(names = "--service-threads", description = "the service's model threads (--path service)")
  Integer serviceThreads;

  @Option(names = "--max-batch", description = "the service's largest micro-batch (--path service)",
      defaultValue = "" + BuiltInModelSettings.DEFAULT_MAX_BATCH_SIZE)
  int maxBatch;

  public static void main(String[] args) {
    System.exit(new CommandLine(new BuiltInModelThroughput()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<String> texts = sampleTexts(batch);
    if (path.equals("service")) {
      BuiltInModelService service = new BuiltInModelService(new BuiltInModelSettings(
          serviceThreads == null ? BuiltInModelSettings.defaultThreads() : serviceThreads,
          BuiltInModelSettings.DEFAULT_QUEUE_SIZE, maxBatch));
      EndpointDefinition endpoint = new EndpointDefinition("throughput", "text_embedding", BuiltInModelService.NAME,
          new JsonObject().put("model_id", BuiltInModelService.ALL_MINILM_L6_V2), new JsonObject(),
          new JsonObject(), null);
      PerformRequest request = new PerformRequest("throughput", TaskType.TEXT_EMBEDDING, texts, null, null, null,
          null, null, null, 60_000);
      measure(() -> service.infer(endpoint, request, Call.withTimeout(60_000))
          .toCompletionStage().toCompletableFuture().get());
      service.close();
    } else {
      // Same-thread executor: langchain4j would otherwise spread one embedAll over a pool of its
      // own, and --threads would no longer say how many texts run at once.
      EmbeddingModel model = new AllMiniLmL6V2QuantizedEmbeddingModel(Runnable::run);
      List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
      measure(() -> model.embedAll(segments));
    }
    return 0;
  }

  private void measure(Callable<?> embedBatch) throws Exception {
    embedBatch.call();
    LongAdder embedded = new LongAdder();
    long start = System.nanoTime();
    long measureFrom = start + (long) (warmupSeconds * 1e9);
    long end = measureFrom + (long) (seconds * 1e9);
    CountDownLatch done = new CountDownLatch(threads);
    for (int i = 0; i < threads; i++) {
      Thread caller = new Thread(() -> {
        try {
          while (System.nanoTime() < end) {
            embedBatch.call();
            long finished = System.nanoTime();
            if (finished >= measureFrom && finished < end) {
              embedded.add(batch);
            }
          }
        } catch (Exception e) {
          throw new IllegalStateException(e);
        } finally {
          done.countDown();
        }
      }, "throughput-" + i);
      caller.start();
    }
    Thread.sleep(Math.max(0, (measureFrom - System.nanoTime()) / 1_000_000));
    long cpuAtStart = processCpuNanos();
    done.await();
    double cpuSeconds = (processCpuNanos() - cpuAtStart) / 1e9;
    double textsPerSecond = embedded.sum() / seconds;
    // Texts per CPU-second tells the cost apart from what other processes on the machine take.
    System.out.println(String.format(Locale.ROOT,
        "{\"texts_per_second\":%.1f, \"threads\":%d, \"batch\":%d, \"texts_per_cpu_second\":%.1f}",
        textsPerSecond, threads, batch, embedded.sum() / cpuSeconds));
  }

  private static long processCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Sentences of a dozen words or so, each different, like the texts a search application embeds. */
  static List<String> sampleTexts(int count) {
    String[] subjects = {"The cat", "A delivery driver", "Our quarterly report", "The search cluster",
        "A mountain village", "The new compiler"};
    String[] predicates = {"sits quietly near the window while the afternoon rain keeps falling",
        "was delayed by heavy traffic on the northern ring road this morning",
        "shows revenue growth in every region except the southern markets",
        "rebalanced its shards after one node left during the upgrade",
        "prepares for the winter festival with lanterns and music",
        "rejects the program because a generic type cannot be inferred"};
    List<String> texts = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      texts.add(subjects[i % subjects.length] + " " + predicates[(i / subjects.length) % predicates.length]
          + " (" + i + ")");
    }
    return texts;
  }
}
