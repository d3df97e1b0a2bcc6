package io.infergate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.inference.InferenceResponse;
import co.elastic.clients.elasticsearch.inference.TextEmbeddingResponse;
import co.elastic.clients.elasticsearch.inference.TextEmbeddingResult;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.infergate.config.NodeConfig;
import io.infergate.testing.Conditions;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Elasticsearch Java client performing inference on a real node, against the
 * built-in endpoint that {@code conf/infergate.json} preconfigures: what the README's first curl does.
 */
class ElasticsearchClientInferenceTest {

  private static final String BUILT_IN = ".all-minilm-l6-v2-elasticsearch";

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static ElasticsearchClient elastic;

  @BeforeAll
  static void start() {
    NodeConfig shipped = NodeConfig.load(Path.of("conf/infergate.json"), Map.of());
    cluster = TestCluster.create(1, conf, 1, TestCluster.sqliteStore(conf))
        .preconfigured(new JsonArray(List.copyOf(shipped.preconfiguredEndpoints())));
    cluster.startNode(0);
    String credentials = Base64.getEncoder().encodeToString(
        (TestUsers.READER + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));
    Rest5Client rest = Rest5Client.builder(URI.create("http://127.0.0.1:" + cluster.node(0).httpPort()))
        .setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "Basic " + credentials)})
        .build();
    elastic = new ElasticsearchClient(new Rest5ClientTransport(rest, new JacksonJsonpMapper()));
    Conditions.await(Duration.ofSeconds(30), "the preconfigured built-in endpoint",
        () -> cluster.http(0).get("/_inference/" + BUILT_IN).status() == 200);
  }

  @AfterAll
  static void stop() throws IOException {
    if (elastic != null) {
      elastic._transport().close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void textEmbeddingOfTheBuiltInModel() throws IOException {
    TextEmbeddingResponse response = elastic.inference().textEmbedding(r -> r.inferenceId(BUILT_IN)
        .input(List.of("The cat sits on the mat", "A cat is sitting on a mat", "Quarterly tax filing deadlines")));
    List<TextEmbeddingResult> embeddings = response.inferenceResult().textEmbedding();
    assertThat(embeddings).hasSize(3);
    assertThat(embeddings.get(0).embedding()).hasSize(384);
    assertThat(cosine(embeddings.get(0).embedding(), embeddings.get(1).embedding()))
        .isGreaterThan(cosine(embeddings.get(0).embedding(), embeddings.get(2).embedding()));
  }

  @Test
  void theGenericInferenceCall() throws IOException {
    InferenceResponse response = elastic.inference().inference(r -> r.inferenceId(BUILT_IN).input("hello"));
    assertThat(response.result().isTextEmbedding()).isTrue();
    assertThat(response.result().textEmbedding().get(0).embedding()).hasSize(384);
  }

  @Test
  void anUnknownEndpointIsTheClientsTypedError() {
    ElasticsearchException missing = catchThrowableOfType(ElasticsearchException.class,
        () -> elastic.inference().textEmbedding(r -> r.inferenceId("nope").input("x")));
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.error().reason()).isEqualTo("Inference endpoint not found [nope]");
  }

  private static double cosine(List<Float> a, List<Float> b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.size(); i++) {
      dot += a.get(i) * b.get(i);
      na += a.get(i) * a.get(i);
      nb += b.get(i) * b.get(i);
    }
    return dot / Math.sqrt(na * nb);
  }
}
