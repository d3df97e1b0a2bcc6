package io.infergate;

import io.infergate.config.NodeConfig;
import io.infergate.inference.perform.InferenceService;
import io.infergate.inference.perform.InferenceServices;
import io.infergate.inference.providers.ProviderServices;
import io.infergate.inference.providers.ProviderSettings;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The inference services a node serves: the provider clients and the built-in model. */
final class InferenceServiceSet {

  private InferenceServiceSet() {
  }

  static InferenceServices create(Vertx vertx, NodeConfig config) {
    ProviderServices providers = ProviderServices.create(vertx,
        ProviderSettings.fromJson(config.inference().getJsonObject("providers", new JsonObject())));
    List<InferenceService> services = new ArrayList<>(providers.all());
    return new InferenceServices(services, List.of(() -> providers.close()));
  }
}
