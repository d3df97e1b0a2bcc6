package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /_inference/_services[/{task_type}]}: the catalog that validates PUT, in Elasticsearch's shape. */
class ServicesApiTest {

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi api;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(1, conf);
    api = cluster.http(0);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void everyServiceWithItsTaskTypesAndConfigurations() {
    Response response = api.get("/_inference/_services");
    assertThat(response.status()).isEqualTo(200);
    JsonArray services = new JsonArray(response.body());
    assertThat(services.stream().map(s -> ((JsonObject) s).getString("service")).toList())
        .containsExactly("cohere", "elasticsearch", "hugging_face", "openai");
    JsonObject openai = services.getJsonObject(3);
    assertThat(openai.getString("name")).isEqualTo("OpenAI");
    assertThat(openai.getJsonArray("task_types").getList())
        .containsExactly("text_embedding", "completion", "chat_completion");
    JsonObject apiKey = openai.getJsonObject("configurations").getJsonObject("api_key");
    assertThat(apiKey.getBoolean("required")).isTrue();
    assertThat(apiKey.getBoolean("sensitive")).isTrue();
    assertThat(apiKey.getString("type")).isEqualTo("str");
    assertThat(apiKey.containsKey("default_value")).isTrue();
    JsonObject dimensions = openai.getJsonObject("configurations").getJsonObject("dimensions");
    assertThat(dimensions.getString("type")).isEqualTo("int");
    assertThat(dimensions.getJsonArray("supported_task_types").getList()).containsExactly("text_embedding");
    assertThat(openai.getJsonObject("configurations").containsKey("rate_limit.requests_per_minute")).isTrue();
  }

  @Test
  void theCacheSettingIsListedAsCacheEnabledForEmbeddingsAndRerank() {
    JsonArray services = new JsonArray(api.get("/_inference/_services").body());
    for (Object service : services) {
      JsonObject described = (JsonObject) service;
      JsonObject cache = described.getJsonObject("configurations").getJsonObject("cache.enabled");
      assertThat(cache).as(described.getString("service")).isNotNull();
      assertThat(cache.getString("type")).isEqualTo("bool");
      assertThat(cache.getBoolean("required")).isFalse();
      assertThat(cache.getJsonArray("supported_task_types").getList())
          .isNotEmpty().isSubsetOf("text_embedding", "sparse_embedding", "rerank");
    }
    JsonArray completion = new JsonArray(api.get("/_inference/_services/completion").body());
    assertThat(completion.stream().map(JsonObject.class::cast)
        .filter(s -> s.getJsonObject("configurations").containsKey("cache.enabled")).toList()).isEmpty();
  }

  @Test
  void byTaskTypeKeepsOnlyTheServicesAndSettingsForIt() {
    JsonArray rerank = new JsonArray(api.get("/_inference/_services/rerank").body());
    assertThat(rerank.stream().map(s -> ((JsonObject) s).getString("service")).toList())
        .containsExactly("cohere", "hugging_face");
    JsonArray completion = new JsonArray(api.get("/_inference/_services/completion").body());
    JsonObject openai = completion.stream().map(JsonObject.class::cast)
        .filter(s -> s.getString("service").equals("openai")).findFirst().orElseThrow();
    assertThat(openai.getJsonObject("configurations").containsKey("dimensions")).isFalse();
  }

  @Test
  void isNotAnEndpointIdAndTakesOnlyGet() {
    assertThat(api.get("/_inference/_services/bogus").errorReason()).isEqualTo("Unknown task_type [bogus]");
    Response put = api.put("/_inference/_services", new JsonObject());
    assertThat(put.status()).isEqualTo(405);
    assertThat(api.anonymous().get("/_inference/_services").status()).isEqualTo(401);
    assertThat(List.of(api.get("/_inference/_services?pretty").status())).containsExactly(200);
  }
}
