package io.infergate.inference.providers;

import io.infergate.bus.EndpointDefinition;
import io.infergate.inference.perform.PerformRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one provider request goes and what must stay out of its errors.
 *
 * @param inferenceId the endpoint, named in every error
 * @param url         the absolute provider URL
 * @param headers     the request headers, authentication included
 * @param secrets     the endpoint's secret values, redacted from any provider message
 * @param timeoutMs   the perform request's timeout, as a timeout error reports it
 */
public record ProviderTarget(String inferenceId, String url, Map<String, String> headers, List<String> secrets,
    long timeoutMs) {

  public ProviderTarget {
    headers = Map.copyOf(headers);
    secrets = List.copyOf(secrets);
  }

  /** A target authenticated with {@code Authorization: Bearer <api_key>}, plus any {@code extraHeaders}. */
  public static ProviderTarget bearer(EndpointDefinition endpoint, PerformRequest request, String url,
      Map<String, String> extraHeaders) {
    Map<String, String> headers = new LinkedHashMap<>();
    // A key this node could not decrypt stays a sealed object: never send it (toString would) as a key.
    Object apiKey = endpoint.secretSettings().getValue("api_key");
    headers.put("Authorization", "Bearer " + (apiKey instanceof String key ? key : ""));
    headers.putAll(extraHeaders);
    return new ProviderTarget(endpoint.inferenceId(), url, headers, secretValues(endpoint), request.timeoutMs());
  }

  /** Never prints the headers: they carry the api key. */
  @Override
  public String toString() {
    return "ProviderTarget[" + inferenceId + " -> " + url + "]";
  }

  private static List<String> secretValues(EndpointDefinition endpoint) {
    List<String> values = new ArrayList<>();
    endpoint.secretSettings().forEach(entry -> {
      if (entry.getValue() instanceof String value) {
        values.add(value);
      }
    });
    return values;
  }
}
