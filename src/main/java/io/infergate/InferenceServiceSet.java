package io.infergate;

import io.infergate.config.NodeConfig;
import io.infergate.inference.builtin.BuiltInModelService;
import io.infergate.inference.builtin.BuiltInModelSettings;
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
    BuiltInModelService builtIn = new BuiltInModelService(builtInSettings(
        config.inference().getJsonObject("builtin", new JsonObject())));
    services.add(builtIn);
    return new InferenceServices(services, List.of(() -> providers.close(), builtIn::close));
  }

  /** {@code inference.builtin}: {@code threads} (0: one per processor), {@code queue_size}, {@code max_batch_size}. */
  private static BuiltInModelSettings builtInSettings(JsonObject json) {
    BuiltInModelSettings defaults = BuiltInModelSettings.defaults();
    int threads = json.getInteger("threads", 0);
    return new BuiltInModelSettings(threads > 0 ? threads : defaults.threads(),
        json.getInteger("queue_size", defaults.queueSize()), json.getInteger("max_batch_size", defaults.maxBatchSize()));
  }
}
