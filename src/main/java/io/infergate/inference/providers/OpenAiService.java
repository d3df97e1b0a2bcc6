package io.infergate.inference.providers;

import io.infergate.bus.EndpointDefinition;
import io.infergate.inference.TaskType;
import io.infergate.inference.perform.Call;
import io.infergate.inference.perform.InferenceResult;
import io.infergate.inference.perform.InferenceService;
import io.infergate.inference.perform.PerformRequest;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** The {@code openai} service: embeddings, completions and chat completions from OpenAI's API. */
public final class OpenAiService implements InferenceService {

  public static final String NAME = "openai";
  static final String DEFAULT_EMBEDDINGS_URL = "https://api.openai.com/v1/embeddings";
  static final String DEFAULT_CHAT_URL = "https://api.openai.com/v1/chat/completions";
  /** OpenAI takes at most 2048 inputs per embeddings request. */
  static final int BATCH_SIZE = 2048;

  private final ProviderHttp http;
  private final ChatCompletions chat;

  public OpenAiService(ProviderHttp http) {
    this.http = http;
    this.chat = new ChatCompletions(http);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Future<InferenceResult> infer(EndpointDefinition endpoint, PerformRequest request, Call call) {
    switch (request.taskType()) {
      case TEXT_EMBEDDING:
        return embed(endpoint, request, call);
      case COMPLETION:
        return chat.complete(target(endpoint, request, DEFAULT_CHAT_URL), modelId(endpoint), user(endpoint, request),
            request.input(), call);
      default:
        return UnsupportedTask.failure(NAME, request.taskType());
    }
  }

  @Override
  public boolean streams(TaskType taskType) {
    return ChatCompletions.streams(taskType);
  }

  @Override
  public Future<Void> stream(EndpointDefinition endpoint, PerformRequest request, Call call,
      Handler<JsonObject> chunks) {
    return chat.stream(NAME, target(endpoint, request, DEFAULT_CHAT_URL), modelId(endpoint), user(endpoint, request),
        request, call, chunks);
  }

  private Future<InferenceResult> embed(EndpointDefinition endpoint, PerformRequest request, Call call) {
    ProviderTarget target = target(endpoint, request, DEFAULT_EMBEDDINGS_URL);
    Integer dimensions = endpoint.serviceSettings().getInteger("dimensions");
    String user = user(endpoint, request);
    return Batches.inOrder(request.input(), BATCH_SIZE, batch -> {
      JsonObject body = new JsonObject().put("input", new JsonArray(batch)).put("model", modelId(endpoint));
      if (dimensions != null) {
        body.put("dimensions", dimensions);
      }
      if (user != null) {
        body.put("user", user);
      }
      return http.postForBody(target, body, call, response -> VerbatimVectors.openAi(response, batch.size(),
          call.observer()::tokensUsed));
    }).map(InferenceResult.VerbatimTextEmbeddings::new);
  }

  private static ProviderTarget target(EndpointDefinition endpoint, PerformRequest request, String defaultUrl) {
    String organization = endpoint.serviceSettings().getString("organization_id");
    Map<String, String> headers = organization == null ? Map.of() : Map.of("OpenAI-Organization", organization);
    return ProviderTarget.bearer(endpoint, request, endpoint.serviceSettings().getString("url", defaultUrl), headers);
  }

  private static String modelId(EndpointDefinition endpoint) {
    return endpoint.serviceSettings().getString("model_id");
  }

  private static String user(EndpointDefinition endpoint, PerformRequest request) {
    return TaskSettings.string(endpoint, request, "user");
  }
}
