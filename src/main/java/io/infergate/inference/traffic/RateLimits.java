package io.infergate.inference.traffic;

import io.infergate.bus.EndpointDefinition;
import io.infergate.inference.ServiceCatalog;
import io.vertx.core.json.JsonObject;

/**
 * An endpoint's rate limit for the whole cluster: {@code service_settings.rate_limit.requests_per_minute},
 * or Elasticsearch's default for its service and task (openai: 3000 for embeddings, 500 for
 * completions; cohere: 10000; hugging_face: 3000). The built-in model has no limit unless one is set:
 * it calls no provider. The limit is per endpoint: Elasticsearch groups some services' endpoints by
 * API key hash; endpoints here never share a limit.
 */
public final class RateLimits {

  /** No limit. */
  public static final int UNLIMITED = 0;

  private RateLimits() {
  }

  public static int requestsPerMinute(EndpointDefinition endpoint) {
    JsonObject rateLimit = endpoint.serviceSettings().getJsonObject("rate_limit");
    if (rateLimit != null && rateLimit.getValue("requests_per_minute") instanceof Number configured) {
      return configured.intValue();
    }
    return defaultFor(endpoint.service(), endpoint.taskType());
  }

  /** Whether the limit comes from the endpoint's settings ({@code service_settings}) or is the service's default. */
  public static String source(EndpointDefinition endpoint) {
    JsonObject rateLimit = endpoint.serviceSettings().getJsonObject("rate_limit");
    return rateLimit != null && rateLimit.containsKey("requests_per_minute") ? "service_settings" : "default";
  }

  static int defaultFor(String service, String taskType) {
    switch (service) {
      case "openai":
        return taskType.equals("text_embedding") ? 3000 : 500;
      case "cohere":
        return 10_000;
      case "hugging_face":
        return 3000;
      case ServiceCatalog.BUILT_IN_SERVICE:
      default:
        return UNLIMITED;
    }
  }
}
