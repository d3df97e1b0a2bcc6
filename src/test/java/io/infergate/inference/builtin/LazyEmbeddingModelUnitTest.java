package io.infergate.inference.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyEmbeddingModelUnitTest {

  @Test
  void concurrentFirstCallsLoadTheModelOnce() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    EmbeddingModel loaded = new EmbeddingModel() {
      @Override
      public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        return Response.from(List.of());
      }
    };
    LazyEmbeddingModel model = new LazyEmbeddingModel(() -> {
      loads.incrementAndGet();
      sleep(50);
      return loaded;
    });
    assertThat(model.isLoaded()).isFalse();

    CountDownLatch start = new CountDownLatch(1);
    List<Thread> callers = new ArrayList<>();
    List<EmbeddingModel> seen = Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 8; i++) {
      Thread caller = new Thread(() -> {
        await(start);
        seen.add(model.get());
      });
      caller.start();
      callers.add(caller);
    }
    start.countDown();
    for (Thread caller : callers) {
      caller.join(5000);
    }

    assertThat(loads).hasValue(1);
    assertThat(seen).hasSize(8).containsOnly(loaded);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
