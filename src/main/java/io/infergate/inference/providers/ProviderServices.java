package io.infergate.inference.providers;

import io.infergate.inference.perform.InferenceService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * The provider services of one Vert.x instance, sharing its one {@link ProviderHttp} client:
 * {@code ProviderServices.create(vertx, ProviderSettings.defaults()).all()}.
 */
public record ProviderServices(ProviderHttp http, OpenAiService openAi, HuggingFaceService huggingFace,
    CohereService cohere) {

  public static ProviderServices create(Vertx vertx, ProviderSettings settings) {
    ProviderHttp http = ProviderHttp.create(vertx, settings);
    return new ProviderServices(http, new OpenAiService(http), new HuggingFaceService(http), new CohereService(http));
  }

  public List<InferenceService> all() {
    return List.of(openAi, huggingFace, cohere);
  }

  /** Closes the shared client and its pooled connections. */
  public Future<Void> close() {
    return http.close();
  }
}
