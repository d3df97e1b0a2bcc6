package io.infergate.inference.builtin;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.util.function.Supplier;

/**
 * A model that is loaded on first use, once, by whichever model thread gets there first; the
 * others wait for it. Loading takes a second or more, which a node's start should not pay for
 * endpoints that may never use the model.
 */
final class LazyEmbeddingModel {

  private final Supplier<EmbeddingModel> loader;
  private EmbeddingModel model;

  LazyEmbeddingModel(Supplier<EmbeddingModel> loader) {
    this.loader = loader;
  }

  synchronized EmbeddingModel get() {
    if (model == null) {
      model = loader.get();
    }
    return model;
  }

  synchronized boolean isLoaded() {
    return model != null;
  }
}
