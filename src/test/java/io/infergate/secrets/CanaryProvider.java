package io.infergate.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.examples.mock.MockProviderServer;
import io.infergate.examples.mock.MockStats;
import io.infergate.testing.HttpApi;
import io.infergate.testing.MockProviderNode;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The mock provider, and OpenAI endpoints on a {@link TestCluster} calling it with a canary api key:
 * performs check that the provider received exactly that key (by its hash: the mock keeps no key).
 */
final class CanaryProvider implements AutoCloseable {

  static final String PATH = "/v1/embeddings";

  private final Vertx vertx = Vertx.vertx();
  private final MockProviderServer mock = TestCluster.await(MockProviderServer.start(vertx, "127.0.0.1", 0, 0, 16));

  /** A unique api key to look for wherever it must not be. */
  static String canary() {
    return "sk-canary-" + UUID.randomUUID();
  }

  void create(HttpApi admin, String id, String apiKey) {
    assertThat(admin.put("/_inference/text_embedding/" + id, body(apiKey)).status()).isEqualTo(200);
  }

  /** An openai endpoint's PUT body calling this mock with {@code apiKey}. */
  JsonObject body(String apiKey) {
    JsonObject body = MockProviderNode.openAi("http://127.0.0.1:" + mock.port() + PATH);
    body.getJsonObject("service_settings").put("api_key", apiKey);
    return body;
  }

  void assertPerformsWith(HttpApi admin, String id, String apiKey) {
    HttpApi.Response response = admin.post("/_inference/text_embedding/" + id, new JsonObject().put("input", "hi"));
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(mock.stats().lastBearerSha256(PATH)).as("the bearer token the provider received")
        .isEqualTo(MockStats.sha256(apiKey));
  }

  static HttpApi admin(TestCluster cluster, int node) {
    return cluster.http(node).as(TestUsers.ADMIN);
  }

  /** Every value of the endpoints' map, as each member of the cluster holds it. */
  static List<String> storedValues(TestCluster cluster, int nodes) {
    List<String> values = new ArrayList<>();
    for (int node = 0; node < nodes; node++) {
      values.addAll(cluster.hazelcast(node).<String, String>getMap("infergate.endpoints").values());
    }
    return values;
  }

  @Override
  public void close() {
    TestCluster.await(vertx.close());
  }
}
