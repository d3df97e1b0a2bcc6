package io.infergate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.core.InfoResponse;
import co.elastic.clients.elasticsearch.inference.DeleteInferenceResponse;
import co.elastic.clients.elasticsearch.inference.GetInferenceResponse;
import co.elastic.clients.elasticsearch.inference.InferenceEndpointInfo;
import co.elastic.clients.elasticsearch.inference.PutRequest;
import co.elastic.clients.elasticsearch.inference.PutResponse;
import co.elastic.clients.elasticsearch.inference.TaskType;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Elasticsearch Java client (elasticsearch-java 9.x over its own Rest5Client transport,
 * with Jackson) against one real Infergate node: ping, info, and the whole {@code _inference}
 * endpoint life cycle, including the client's own typed errors.
 */
class ElasticsearchClientTest {

  private static final String API_KEY = "hf-es-client-secret-41d7";
  private static final String URL = "https://hf.example/models/elser";

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static JsonpMapper mapper;
  static ElasticsearchClient elastic;
  static ElasticsearchClient reader;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(1, conf);
    mapper = new JacksonJsonpMapper();
    elastic = client(TestUsers.ELASTIC, TestUsers.PASSWORD);
    reader = client(TestUsers.READER, TestUsers.PASSWORD);
  }

  @AfterAll
  static void stop() throws IOException {
    for (ElasticsearchClient client : new ElasticsearchClient[] {elastic, reader}) {
      if (client != null) {
        client._transport().close();
      }
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static ElasticsearchClient client(String user, String password) {
    String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    Rest5Client rest = Rest5Client.builder(URI.create("http://127.0.0.1:" + cluster.node(0).httpPort()))
        .setDefaultHeaders(new Header[] {new BasicHeader("Authorization", "Basic " + credentials)})
        .build();
    return new ElasticsearchClient(new Rest5ClientTransport(rest, mapper));
  }

  static Rest5Client lowLevel(ElasticsearchClient client) {
    return ((Rest5ClientTransport) client._transport()).restClient();
  }

  static PutRequest huggingFace(String id) {
    return PutRequest.of(p -> p
        .taskType(TaskType.SparseEmbedding)
        .inferenceId(id)
        .inferenceConfig(c -> c
            .service("hugging_face")
            .serviceSettings(JsonData.of(Map.of("api_key", API_KEY, "url", URL)))));
  }

  static PutResponse putHuggingFace(String id) throws IOException {
    return elastic.inference().put(huggingFace(id));
  }

  /** The JSON the client parsed, serialized back, so nothing it kept can hide a secret. */
  static String json(Object parsed) {
    return parsed.toString();
  }

  static Map<?, ?> serviceSettings(InferenceEndpointInfo endpoint) {
    return endpoint.serviceSettings().to(Map.class, mapper);
  }

  @Test
  void pingAndInfo() throws IOException {
    assertThat(elastic.ping().value()).isTrue();

    InfoResponse info = elastic.info();
    assertThat(info.name()).isEqualTo("node-1");
    assertThat(info.clusterName()).startsWith("infergate-test-");
    assertThat(info.clusterUuid()).isNotBlank();
    assertThat(info.tagline()).isEqualTo("You Know, for Search");
    assertThat(info.version().number()).startsWith("9.");
    assertThat(info.version().buildFlavor()).isEqualTo("default");
  }

  /** GET / says which software answered (as OpenSearch's version.distribution), beside what the client reads. */
  @Test
  void rootNamesTheDistributionAndItsVersion() throws Exception {
    Response raw = lowLevel(elastic).performRequest(new Request("GET", "/"));
    io.vertx.core.json.JsonObject version = new io.vertx.core.json.JsonObject(EntityUtils.toString(raw.getEntity()))
        .getJsonObject("version");
    assertThat(version.getString("distribution")).isEqualTo("infergate");
    assertThat(version.getString("distribution_version")).isEqualTo(pomVersion());
    assertThat(version.getString("number")).startsWith("9.");
  }

  /** The project's own version, from pom.xml: the one the jar is built as. */
  static String pomVersion() throws IOException {
    java.util.regex.Matcher version = java.util.regex.Pattern
        .compile("<artifactId>infergate</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(java.nio.file.Files.readString(Path.of("pom.xml")));
    assertThat(version.find()).as("the project's version in pom.xml").isTrue();
    return version.group(1);
  }

  @Test
  void endpointLifeCycle() throws IOException {
    String id = "es-client-elser";

    PutRequest request = huggingFace(id);
    // The secret really is sent, so its absence below means the server withheld it.
    assertThat(json(request.inferenceConfig())).contains(API_KEY);
    PutResponse created = elastic.inference().put(request);
    assertThat(created.inferenceId()).isEqualTo(id);
    assertThat(created.taskType()).isEqualTo(TaskType.SparseEmbedding);
    assertThat(created.service()).isEqualTo("hugging_face");
    assertThat(serviceSettings(created)).isEqualTo(Map.of("url", URL));
    assertThat(json(created)).doesNotContain(API_KEY).doesNotContain("api_key");

    GetInferenceResponse got = elastic.inference().get(g -> g.inferenceId(id));
    assertThat(got.endpoints()).hasSize(1);
    InferenceEndpointInfo endpoint = got.endpoints().get(0);
    assertThat(endpoint.inferenceId()).isEqualTo(id);
    assertThat(endpoint.taskType()).isEqualTo(TaskType.SparseEmbedding);
    assertThat(endpoint.service()).isEqualTo("hugging_face");
    assertThat(serviceSettings(endpoint)).isEqualTo(Map.of("url", URL));
    assertThat(endpoint.taskSettings()).isNull();
    assertThat(json(got)).doesNotContain(API_KEY).doesNotContain("api_key");

    GetInferenceResponse byTaskType = elastic.inference().get(g -> g.taskType(TaskType.SparseEmbedding).inferenceId(id));
    assertThat(json(byTaskType)).isEqualTo(json(got));

    GetInferenceResponse all = elastic.inference().get();
    assertThat(ids(all)).contains(id).isSorted();
    assertThat(json(all)).doesNotContain(API_KEY);

    DeleteInferenceResponse deleted = elastic.inference().delete(d -> d.inferenceId(id));
    assertThat(deleted.acknowledged()).isTrue();
    assertThat(deleted.pipelines()).isEmpty();

    ElasticsearchException gone = catchThrowableOfType(ElasticsearchException.class,
        () -> elastic.inference().get(g -> g.inferenceId(id)));
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.error().type()).isEqualTo("resource_not_found_exception");
    assertThat(gone.error().reason()).isEqualTo("Inference endpoint not found [" + id + "]");
    assertThat(gone.endpointId()).isEqualTo("es/inference.get");
    assertThat(ids(elastic.inference().get())).doesNotContain(id);

    ElasticsearchException deleteAgain = catchThrowableOfType(ElasticsearchException.class,
        () -> elastic.inference().delete(d -> d.inferenceId(id)));
    assertThat(deleteAgain.status()).isEqualTo(404);
    assertThat(deleteAgain.error().type()).isEqualTo("resource_not_found_exception");
  }

  @Test
  void listingByTaskTypeAndDeletingWithTaskType() throws IOException {
    putHuggingFace("es-client-list-b");
    putHuggingFace("es-client-list-a");

    GetInferenceResponse sparse = elastic.inference().get(g -> g.taskType(TaskType.SparseEmbedding).inferenceId("_all"));
    assertThat(ids(sparse)).containsSubsequence("es-client-list-a", "es-client-list-b").isSorted();
    assertThat(sparse.endpoints()).allSatisfy(e -> assertThat(e.taskType()).isEqualTo(TaskType.SparseEmbedding));
    assertThat(json(sparse)).doesNotContain(API_KEY);

    DeleteInferenceResponse dryRun = elastic.inference().delete(d -> d.inferenceId("es-client-list-a").dryRun(true));
    assertThat(dryRun.acknowledged()).isFalse();
    assertThat(ids(elastic.inference().get())).contains("es-client-list-a");

    for (String id : List.of("es-client-list-a", "es-client-list-b")) {
      DeleteInferenceResponse deleted = elastic.inference().delete(d -> d.taskType(TaskType.SparseEmbedding).inferenceId(id));
      assertThat(deleted.acknowledged()).isTrue();
    }
    assertThat(ids(elastic.inference().get())).doesNotContain("es-client-list-a", "es-client-list-b");
  }

  @Test
  void errorsAreTheClientsTypedException() throws IOException {
    putHuggingFace("es-client-errors");

    ElasticsearchException duplicate = catchThrowableOfType(ElasticsearchException.class,
        () -> putHuggingFace("es-client-errors"));
    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(duplicate.error().type()).isEqualTo("resource_already_exists_exception");
    assertThat(duplicate.error().reason()).isEqualTo("Inference endpoint [es-client-errors] already exists");
    assertThat(duplicate.getMessage()).doesNotContain(API_KEY);

    ElasticsearchException wrongTaskType = catchThrowableOfType(ElasticsearchException.class,
        () -> elastic.inference().get(g -> g.taskType(TaskType.TextEmbedding).inferenceId("es-client-errors")));
    assertThat(wrongTaskType.status()).isEqualTo(400);
    assertThat(wrongTaskType.error().type()).isEqualTo("status_exception");

    ElasticsearchException forbidden = catchThrowableOfType(ElasticsearchException.class,
        () -> reader.inference().delete(d -> d.inferenceId("es-client-errors")));
    assertThat(forbidden.status()).isEqualTo(403);
    assertThat(forbidden.error().type()).isEqualTo("security_exception");
    assertThat(ids(reader.inference().get(g -> g.inferenceId("es-client-errors")))).containsExactly("es-client-errors");

    ElasticsearchClient wrongPassword = client(TestUsers.ELASTIC, "not-the-password");
    try {
      ElasticsearchException unauthenticated = catchThrowableOfType(ElasticsearchException.class,
          () -> wrongPassword.inference().get());
      assertThat(unauthenticated.status()).isEqualTo(401);
      assertThat(unauthenticated.error().type()).isEqualTo("security_exception");
    } finally {
      wrongPassword._transport().close();
    }

    elastic.inference().delete(d -> d.inferenceId("es-client-errors"));
  }

  @Test
  void rawResponsesOverTheClientsTransportCarryNoSecret() throws Exception {
    putHuggingFace("es-client-raw");

    Response raw = lowLevel(elastic).performRequest(new Request("GET", "/_inference/es-client-raw"));
    String body = EntityUtils.toString(raw.getEntity());
    assertThat(raw.getStatusCode()).isEqualTo(200);
    assertThat(raw.getHeader("X-Elastic-Product")).isEqualTo("Elasticsearch");
    assertThat(body).contains("es-client-raw").doesNotContain(API_KEY).doesNotContain("api_key");

    elastic.inference().delete(d -> d.inferenceId("es-client-raw"));
  }

  static List<String> ids(GetInferenceResponse response) {
    return response.endpoints().stream().map(InferenceEndpointInfo::inferenceId).toList();
  }
}
