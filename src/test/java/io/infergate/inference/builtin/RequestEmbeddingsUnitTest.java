package io.infergate.inference.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestEmbeddingsUnitTest {

  @Test
  void slicesFilledOutOfOrderAreReturnedInInputOrder() {
    RequestEmbeddings embeddings = new RequestEmbeddings("id", 3, null);
    Future<List<float[]>> future = embeddings.future();

    embeddings.fill(2, List.of(new float[] {2}));
    assertThat(future.isComplete()).isFalse();
    embeddings.fill(0, List.of(new float[] {0}, new float[] {1}));

    assertThat(future.result()).extracting(vector -> vector[0]).containsExactly(0f, 1f, 2f);
  }

  @Test
  void onlyTheFirstOutcomeCounts() {
    RequestEmbeddings embeddings = new RequestEmbeddings("id", 1, null);

    assertThat(embeddings.fail(new IllegalStateException("cancelled"))).isTrue();
    embeddings.fill(0, List.of(new float[] {0}));

    assertThat(embeddings.fail(new IllegalStateException("again"))).isFalse();
    assertThat(embeddings.future().cause()).hasMessage("cancelled");
  }
}
