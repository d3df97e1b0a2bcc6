package io.infergate.http;

import io.infergate.bus.CurrentEndpoint;
import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EndpointLookup;
import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import io.infergate.inference.TaskType;
import io.infergate.inference.cache.CacheKey;
import io.infergate.inference.cache.ResultCache;
import io.infergate.inference.perform.Call;
import io.infergate.inference.perform.InferenceResult;
import io.infergate.inference.perform.InferenceService;
import io.infergate.inference.perform.InferenceServices;
import io.infergate.inference.perform.PerformRequest;
import io.infergate.inference.perform.PerformRequestParser;
import io.infergate.inference.perform.ProviderFailures;
import io.infergate.inference.traffic.EndpointUsage;
import io.infergate.inference.traffic.TrafficControl;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code POST /_inference/[task_type/]{id}[/_stream]}: resolves the endpoint from this node's read
 * view (on this thread: no cluster hop, no hop to the registry verticle), validates the body for its task type and
 * service, and calls the service within the request's timeout. A client that disconnects or
 * times out cancels the provider call. An endpoint with the cache enabled answers a request it
 * answered before at the same revision from this node's {@link ResultCache}, without calling its
 * service (so without a provider call or a rate-limit token).
 */
final class PerformHandler {

  private static final Set<String> PARAMETERS = Set.of("timeout");

  private final Vertx vertx;
  private final EndpointLookup endpoints;
  private final InferenceServices services;
  private final PerformRequestParser parser;
  private final TrafficControl traffic;
  private final ResultCache cache;

  PerformHandler(Vertx vertx, EndpointLookup endpoints, InferenceServices services, PerformRequestParser parser,
      TrafficControl traffic, ResultCache cache) {
    this.vertx = vertx;
    this.endpoints = endpoints;
    this.services = services;
    this.parser = parser;
    this.traffic = traffic;
    this.cache = cache;
  }

  /**
   * Answers the request here; a refusal before the call is thrown as an {@link EsException} or
   * {@link HttpFailure}, as the other routes' are.
   *
   * @param pathTaskType the task type in the URL, or null
   */
  void perform(RoutingContext ctx, TaskType pathTaskType, String id, boolean stream) {
    QueryParameters.requireKnown(ctx, PARAMETERS);
    JsonObject body = RequestBodies.object(ctx);
    Long requestedTimeout = timeout(ctx.queryParams().get("timeout"), body.getValue("timeout"));
    CurrentEndpoint current = endpoints.current(id);
    EndpointDefinition endpoint = current.definition();
    TaskType taskType = TaskType.parse(endpoint.taskType());
    if (pathTaskType != null && pathTaskType != taskType) {
      throw EsError.statusException(400, "Incompatible task_type, the requested type [" + pathTaskType
          + "] does not match the model type [" + taskType + "]").toException();
    }
    InferenceService service = services.require(endpoint.service());
    if (stream && !service.streams(taskType)) {
      throw EsError.statusException(405, "Streaming is not allowed for service [" + endpoint.service()
          + "] and task [" + taskType + "]").toException();
    }
    if (!stream && taskType == TaskType.CHAT_COMPLETION) {
      throw EsError.statusException(400, "The [chat_completion] task type only supports streaming, "
          + "please try again with the _stream API").toException();
    }
    PerformRequest request = parser.parse(id, taskType, endpoint.service(), body, requestedTimeout,
        endpoint.taskSettings());
    EndpointUsage usage = traffic.usage(id);
    usage.received();
    long started = System.nanoTime();
    CacheKey key = stream ? null : cache.keyFor(current, request);
    InferenceResult cached = key == null ? null : cache.get(key);
    if (cached != null) {
      Responses.result(ctx, cached);
      usage.answered(200, System.nanoTime() - started);
      return;
    }
    long timeoutMs = request.timeoutMs();
    Call call = Call.of(timeoutMs, traffic.admission(current), usage);
    ctx.response().closeHandler(closed -> call.cancel());
    if (stream) {
      SseStream sse = new SseStream(ctx);
      within(call, id, timeoutMs, service.stream(endpoint, request, call, sse::chunk))
          .onComplete(done -> answered(usage, started, done.cause()))
          .onComplete(sse::end);
    } else {
      within(call, id, timeoutMs, service.infer(endpoint, request, call))
          .onComplete(done -> answered(usage, started, done.cause()))
          .onSuccess(result -> {
            if (key != null) {
              cache.put(key, result);
            }
            Responses.result(ctx, result);
          }).onFailure(ctx::fail);
    }
  }

  private static void answered(EndpointUsage usage, long started, Throwable failure) {
    usage.answered(failure == null ? 200 : failure instanceof EsException error ? error.error().status() : 500,
        System.nanoTime() - started);
  }

  /**
   * The service's answer, or {@code timeout_exception} when it has not come by the deadline (the
   * call is then cancelled): Elasticsearch's queued-request message when the call was still waiting
   * for its rate limit.
   */
  private <T> Future<T> within(Call call, String id, long timeoutMs, Future<T> answer) {
    Promise<T> outcome = Promise.promise();
    long timer = vertx.setTimer(timeoutMs, fired -> {
      boolean queued = call.isWaitingForAdmission();
      if (outcome.tryFail(queued ? ProviderFailures.timedOutWaiting(timeoutMs) : ProviderFailures.timedOut(id, timeoutMs))) {
        if (queued) {
          traffic.usage(id).timedOutInQueue();
        }
        call.cancel();
      }
    });
    answer.onComplete(result -> {
      vertx.cancelTimer(timer);
      if (result.succeeded()) {
        outcome.tryComplete(result.result());
      } else {
        outcome.tryFail(result.cause());
      }
    });
    return outcome.future();
  }

  /** {@code ?timeout=} wins over the body's {@code timeout}; null when neither is given. */
  private static Long timeout(String query, Object bodyValue) {
    if (query != null) {
      return TimeValues.millis("timeout", query);
    }
    if (bodyValue == null) {
      return null;
    }
    if (!(bodyValue instanceof String text)) {
      throw new EsException(EsError.badRequest("x_content_parse_exception",
          "[cluster:internal/xpack/inference] failed to parse field [timeout]: it must be a time value such as [30s]"));
    }
    return TimeValues.millis("timeout", text);
  }
}
