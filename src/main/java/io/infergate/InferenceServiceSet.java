package io.infergate;

import io.infergate.config.NodeConfig;
import io.infergate.inference.perform.InferenceServices;
import io.vertx.core.Vertx;
import java.util.List;

/** The inference services a node serves: the provider clients and the built-in model. */
final class InferenceServiceSet {

  private InferenceServiceSet() {
  }

  static InferenceServices create(Vertx vertx, NodeConfig config) {
    return new InferenceServices(List.of(), List.of());
  }
}
