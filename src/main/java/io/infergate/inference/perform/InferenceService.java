package io.infergate.inference.perform;

import io.infergate.bus.EndpointDefinition;
import io.infergate.inference.TaskType;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;

/**
 * A service that serves endpoints: calls its provider (or runs a model) without blocking the
 * caller's event loop. Failures are {@link io.infergate.bus.EsException}s carrying the
 * Elasticsearch error the client gets (see {@link ProviderFailures}); a service never puts a
 * secret into one.
 */
public interface InferenceService {

  /** The service name endpoints use, as in {@code "service": "openai"}. */
  String name();

  /**
   * Runs one request. Inputs beyond the service's batch size are split into several provider
   * calls and the results reassembled in order.
   *
   * @param call the request's deadline and cancellation: stop (and close the provider request)
   *             when it is cancelled
   */
  Future<InferenceResult> infer(EndpointDefinition endpoint, PerformRequest request, Call call);

  /** Whether {@link #stream} serves this task type. */
  default boolean streams(TaskType taskType) {
    return false;
  }

  /**
   * Streams a completion or chat completion: each chunk, already in Elasticsearch's shape
   * ({@code {"completion":[{"delta":"..."}]}}, or for chat_completion the OpenAI chunk object itself), goes to
   * {@code chunks} on the caller's context, in order. The future completes after the last chunk
   * and fails with an {@code EsException} on a provider failure.
   */
  default Future<Void> stream(EndpointDefinition endpoint, PerformRequest request, Call call,
      Handler<JsonObject> chunks) {
    return Future.failedFuture(new UnsupportedOperationException("streaming"));
  }
}
