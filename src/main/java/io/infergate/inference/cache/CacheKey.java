package io.infergate.inference.cache;

import io.infergate.bus.CurrentEndpoint;
import io.infergate.inference.TaskType;
import io.infergate.inference.perform.PerformRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Everything a cached result depends on. The endpoint's revision stands for its whole definition
 * (model, url, dimensions, its task settings): an update or a delete and re-create gives a new
 * revision, so no key made before it can match after it. The rest is the request as parsed.
 *
 * @param taskSettings the effective task settings (the request's over the endpoint's) without
 *     {@code timeout}, which does not change the result; owned by the key, never mutated
 */
public record CacheKey(String inferenceId, long revision, TaskType taskType, List<String> input, String query,
    String inputType, JsonObject taskSettings, Boolean returnDocuments, Integer topN) {

  /** The key of {@code request} to the endpoint at its current revision. */
  public static CacheKey of(CurrentEndpoint endpoint, PerformRequest request) {
    JsonObject defined = endpoint.definition().taskSettings();
    JsonObject effective = defined == null ? new JsonObject() : defined.copy();
    effective.mergeIn(request.taskSettings());
    effective.remove("timeout");
    return new CacheKey(request.inferenceId(), endpoint.revision(), request.taskType(), request.input(),
        request.query(), request.inputType(), effective, request.returnDocuments(), request.topN());
  }
}
