package io.infergate.http;

import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EndpointLookup;
import io.infergate.inference.TaskType;
import io.infergate.inference.traffic.RateLimits;
import io.infergate.inference.traffic.UsageGathering;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * {@code GET /_inference/[task_type/]{id}/_stats}: the endpoint's usage on every gateway node and in
 * total (see {@link UsageGathering}), with its rate limit and where that comes from.
 */
final class StatsHandler {

  private final EndpointLookup endpoints;
  private final UsageGathering usage;

  StatsHandler(EndpointLookup endpoints, UsageGathering usage) {
    this.endpoints = endpoints;
    this.usage = usage;
  }

  Future<JsonObject> stats(TaskType pathTaskType, String id) {
    EndpointDefinition endpoint = endpoints.current(id, pathTaskType == null ? null : pathTaskType.wireName())
        .definition();
    int limit = RateLimits.requestsPerMinute(endpoint);
    JsonObject rateLimit = new JsonObject().put("source", RateLimits.source(endpoint));
    if (limit == RateLimits.UNLIMITED) {
      rateLimit.put("unlimited", true);
    } else {
      rateLimit.put("requests_per_minute", limit);
    }
    return usage.gather(id, new JsonObject().put("inference_id", id).put("task_type", endpoint.taskType())
        .put("service", endpoint.service()).put("rate_limit", rateLimit));
  }
}
