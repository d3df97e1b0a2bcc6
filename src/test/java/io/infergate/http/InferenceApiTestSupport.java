package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi.Response;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** Assertions on Elasticsearch-shaped responses, shared by the HTTP and cluster tests. */
public final class InferenceApiTestSupport {

  private InferenceApiTestSupport() {
  }

  public static List<String> ids(Response response) {
    return response.json().getJsonArray("endpoints").stream()
        .map(endpoint -> ((JsonObject) endpoint).getString("inference_id")).toList();
  }

  public static void assertNotFound(Response response, String id) {
    assertError(response, 404, "resource_not_found_exception", "Inference endpoint not found [" + id + "]");
  }

  public static void assertError(Response response, int status, String type, String reason) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    JsonObject body = response.json();
    assertThat(body.getInteger("status")).isEqualTo(status);
    JsonObject error = body.getJsonObject("error");
    assertThat(error.getString("type")).as(response.toString()).isEqualTo(type);
    assertThat(error.getString("reason")).as(response.toString()).isEqualTo(reason);
    JsonObject rootCause = error.getJsonArray("root_cause").getJsonObject(0);
    assertThat(rootCause.getString("type")).isEqualTo(type);
    assertThat(rootCause.getString("reason")).isEqualTo(reason);
    assertThat(response.header("X-Elastic-Product")).isEqualTo("Elasticsearch");
    assertThat(Endpoints.containsSecret(response.body())).isFalse();
  }
}
