package io.infergate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch.inference.GetInferenceResponse;
import co.elastic.clients.elasticsearch.inference.InferenceEndpointInfo;
import co.elastic.clients.elasticsearch.inference.PutRequest;
import co.elastic.clients.elasticsearch.inference.TaskType;
import co.elastic.clients.elasticsearch.security.ApiKey;
import co.elastic.clients.elasticsearch.security.ApiKeyManagedBy;
import co.elastic.clients.elasticsearch.security.AuthenticateResponse;
import co.elastic.clients.elasticsearch.security.CreateApiKeyResponse;
import co.elastic.clients.elasticsearch.security.GetBuiltinPrivilegesResponse;
import co.elastic.clients.elasticsearch.security.HasPrivilegesResponse;
import co.elastic.clients.elasticsearch.security.InvalidateApiKeyResponse;
import co.elastic.clients.elasticsearch.security.PutRoleResponse;
import co.elastic.clients.elasticsearch.security.PutUserResponse;
import co.elastic.clients.json.JsonData;
import co.elastic.clients.json.JsonpMapper;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest5_client.Rest5ClientTransport;
import co.elastic.clients.transport.rest5_client.low_level.Request;
import co.elastic.clients.transport.rest5_client.low_level.Response;
import co.elastic.clients.transport.rest5_client.low_level.Rest5Client;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.message.BasicHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official Java client's typed {@code security()} API against one Infergate node: {@code elastic}
 * creates, gets and invalidates API keys, and a second client authenticated only by a key (the
 * {@code Authorization: ApiKey <encoded>} default header, as the client's documentation shows) reads
 * endpoints, is refused a write with the 403 naming the key, and is 401 once the key is invalidated or
 * expired. Users, roles, {@code _has_privileges} and the built-in privileges once each, through the
 * client's typed calls.
 */
class ElasticsearchClientApiKeyTest {

  private static final String PROVIDER_SECRET = "hf-es-apikey-client-secret-93c1";
  private static final String URL = "https://hf.example/models/elser";
  private static final String ENDPOINT = "es-apikey-readable";

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static JsonpMapper mapper;
  static ElasticsearchClient elastic;
  private final List<ElasticsearchClient> opened = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    cluster = TestCluster.start(1, conf);
    mapper = new JacksonJsonpMapper();
    String basic = Base64.getEncoder().encodeToString(
        (TestUsers.ELASTIC + ":" + TestUsers.PASSWORD).getBytes(StandardCharsets.UTF_8));
    elastic = client("Basic " + basic);
    elastic.inference().put(PutRequest.of(p -> p
        .taskType(TaskType.SparseEmbedding)
        .inferenceId(ENDPOINT)
        .inferenceConfig(c -> c
            .service("hugging_face")
            .serviceSettings(JsonData.of(Map.of("api_key", PROVIDER_SECRET, "url", URL))))));
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

  @AfterEach
  void closeOpened() throws IOException {
    for (ElasticsearchClient client : opened) {
      client._transport().close();
    }
  }

  static ElasticsearchClient client(String authorization) {
    Rest5Client rest = Rest5Client.builder(URI.create("http://127.0.0.1:" + cluster.node(0).httpPort()))
        .setDefaultHeaders(new Header[] {new BasicHeader("Authorization", authorization)})
        .build();
    return new ElasticsearchClient(new Rest5ClientTransport(rest, mapper));
  }

  /** A client holding only the key, built as the client's documentation shows for API keys. */
  ElasticsearchClient keyClient(CreateApiKeyResponse key) {
    ElasticsearchClient client = client("ApiKey " + key.encoded());
    opened.add(client);
    return client;
  }

  static CreateApiKeyResponse monitorOnlyKey(String name) throws IOException {
    return elastic.security().createApiKey(k -> k
        .name(name)
        .roleDescriptors("inference-reader", r -> r.cluster("monitor_inference"))
        .metadata("service", JsonData.of("search-frontend")));
  }

  @Test
  void aMonitorInferenceKeyReadsIsRefusedWritesAndIsRefusedOnceInvalidated() throws Exception {
    CreateApiKeyResponse key = monitorOnlyKey("es-client-reader-key");
    assertThat(key.id()).isNotBlank();
    assertThat(key.name()).isEqualTo("es-client-reader-key");
    assertThat(key.apiKey()).isNotBlank();
    assertThat(key.expiration()).isNull();
    assertThat(new String(Base64.getDecoder().decode(key.encoded()), StandardCharsets.UTF_8))
        .isEqualTo(key.id() + ":" + key.apiKey());

    ElasticsearchClient reader = keyClient(key);

    // Over the client's own transport: its typed authenticate() is theAuthenticateResponseNamesTheKey below.
    Response raw = ((Rest5ClientTransport) reader._transport()).restClient()
        .performRequest(new Request("GET", "/_security/_authenticate"));
    assertThat(raw.getStatusCode()).isEqualTo(200);
    JsonObject self = new JsonObject(EntityUtils.toString(raw.getEntity()));
    assertThat(self.getString("authentication_type")).isEqualTo("api_key");
    assertThat(self.getString("username")).isEqualTo(TestUsers.ELASTIC);
    assertThat(self.getJsonObject("api_key").getString("id")).isEqualTo(key.id());
    assertThat(self.getJsonObject("api_key").getString("name")).isEqualTo("es-client-reader-key");

    GetInferenceResponse read = reader.inference().get(g -> g.inferenceId(ENDPOINT));
    assertThat(read.endpoints()).extracting(InferenceEndpointInfo::inferenceId).containsExactly(ENDPOINT);
    assertThat(read.toString()).doesNotContain(PROVIDER_SECRET);
    assertThat(reader.inference().get().endpoints()).extracting(InferenceEndpointInfo::inferenceId).contains(ENDPOINT);

    ElasticsearchException put = catchThrowableOfType(ElasticsearchException.class,
        () -> reader.inference().put(p -> p
            .taskType(TaskType.SparseEmbedding)
            .inferenceId("es-apikey-denied")
            .inferenceConfig(c -> c
                .service("hugging_face")
                .serviceSettings(JsonData.of(Map.of("api_key", PROVIDER_SECRET, "url", URL))))));
    assertThat(put.status()).isEqualTo(403);
    assertThat(put.error().type()).isEqualTo("security_exception");
    assertThat(put.error().reason()).isEqualTo("action [cluster:admin/xpack/inference/put] is unauthorized for "
        + "API key id [" + key.id() + "] of user [elastic], this action is granted by the cluster privileges "
        + "[manage_inference,manage,all]");
    assertThat(put.getMessage()).doesNotContain(PROVIDER_SECRET).doesNotContain(key.apiKey());

    ElasticsearchException delete = catchThrowableOfType(ElasticsearchException.class,
        () -> reader.inference().delete(d -> d.inferenceId(ENDPOINT)));
    assertThat(delete.status()).isEqualTo(403);
    assertThat(delete.error().reason()).contains("API key id [" + key.id() + "]");
    assertThat(elastic.inference().get(g -> g.inferenceId(ENDPOINT)).endpoints()).hasSize(1);

    InvalidateApiKeyResponse invalidated = elastic.security().invalidateApiKey(i -> i.ids(key.id()));
    assertThat(invalidated.invalidatedApiKeys()).containsExactly(key.id());
    assertThat(invalidated.previouslyInvalidatedApiKeys()).isEmpty();
    assertThat(invalidated.errorCount()).isZero();

    ElasticsearchException refused = catchThrowableOfType(ElasticsearchException.class,
        () -> reader.inference().get(g -> g.inferenceId(ENDPOINT)));
    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.error().type()).isEqualTo("security_exception");
    assertThat(catchThrowableOfType(ElasticsearchException.class, () -> reader.security().authenticate()).status())
        .isEqualTo(401);

    InvalidateApiKeyResponse again = elastic.security().invalidateApiKey(i -> i.ids(key.id()));
    assertThat(again.invalidatedApiKeys()).isEmpty();
    assertThat(again.previouslyInvalidatedApiKeys()).containsExactly(key.id());

    ApiKey stored = elastic.security().getApiKey(g -> g.id(key.id())).apiKeys().get(0);
    assertThat(stored.invalidated()).isTrue();
    assertThat(stored.invalidation()).isNotNull();
  }

  @Test
  void theAuthenticateResponseNamesTheKey() throws IOException {
    CreateApiKeyResponse key = monitorOnlyKey("es-client-authenticate-key");
    AuthenticateResponse self = keyClient(key).security().authenticate();
    assertThat(self.authenticationType()).isEqualTo("api_key");
    assertThat(self.username()).isEqualTo(TestUsers.ELASTIC);
    assertThat(self.apiKey().id()).isEqualTo(key.id());
    assertThat(self.apiKey().name()).isEqualTo("es-client-authenticate-key");
    assertThat(self.apiKey().managedBy()).isEqualTo(ApiKeyManagedBy.Elasticsearch);
    elastic.security().invalidateApiKey(i -> i.ids(key.id()));
  }

  @Test
  void keysAreReadByIdNameAndOwnerWithoutTheirSecret() throws IOException {
    long before = System.currentTimeMillis();
    CreateApiKeyResponse plain = monitorOnlyKey("es-client-listed-plain");
    CreateApiKeyResponse expiring = elastic.security().createApiKey(k -> k
        .name("es-client-listed-expiring")
        .expiration(t -> t.time("1d")));
    long after = System.currentTimeMillis();
    long day = 24L * 60 * 60 * 1000;
    assertThat(expiring.expiration()).isBetween(before + day, after + day);

    List<ApiKey> byId = elastic.security().getApiKey(g -> g.id(plain.id())).apiKeys();
    assertThat(byId).hasSize(1);
    ApiKey key = byId.get(0);
    assertThat(key.id()).isEqualTo(plain.id());
    assertThat(key.name()).isEqualTo("es-client-listed-plain");
    assertThat(key.invalidated()).isFalse();
    assertThat(key.expiration()).isNull();
    assertThat(key.creation()).isBetween(before, after);
    assertThat(key.username()).isEqualTo(TestUsers.ELASTIC);
    assertThat(key.realm()).isNotBlank();
    assertThat(key.metadata()).containsOnlyKeys("service");
    assertThat(key.metadata().get("service").to(String.class)).isEqualTo("search-frontend");
    assertThat(key.roleDescriptors()).containsOnlyKeys("inference-reader");
    assertThat(key.roleDescriptors().get("inference-reader").cluster()).containsExactly("monitor_inference");
    assertThat(key.toString()).doesNotContain(plain.apiKey());

    List<ApiKey> byName = elastic.security().getApiKey(g -> g.name("es-client-listed-expiring")).apiKeys();
    assertThat(byName).extracting(ApiKey::id).containsExactly(expiring.id());
    assertThat(byName.get(0).expiration()).isEqualTo(expiring.expiration());
    assertThat(byName.get(0).roleDescriptors()).isEmpty();

    List<ApiKey> wildcard = elastic.security().getApiKey(g -> g.name("es-client-listed-*")).apiKeys();
    assertThat(wildcard).extracting(ApiKey::id).containsExactlyInAnyOrder(plain.id(), expiring.id());

    List<ApiKey> owned = elastic.security().getApiKey(g -> g.owner(true)).apiKeys();
    assertThat(owned).extracting(ApiKey::id).contains(plain.id(), expiring.id());
    assertThat(owned).extracting(ApiKey::username).containsOnly(TestUsers.ELASTIC);

    List<ApiKey> byUser = elastic.security().getApiKey(g -> g.username(TestUsers.ELASTIC)).apiKeys();
    assertThat(byUser).extracting(ApiKey::id).contains(plain.id(), expiring.id());

    // Elasticsearch answers an unknown id with 404 and {"api_keys":[]}, which this client reads as an empty list.
    assertThat(elastic.security().getApiKey(g -> g.id("no-such-key-id")).apiKeys()).isEmpty();

    InvalidateApiKeyResponse byNameInvalidated = elastic.security().invalidateApiKey(i -> i.name("es-client-listed-*"));
    assertThat(byNameInvalidated.invalidatedApiKeys()).containsExactlyInAnyOrder(plain.id(), expiring.id());
    assertThat(elastic.security().getApiKey(g -> g.name("es-client-listed-*").activeOnly(true)).apiKeys()).isEmpty();
  }

  @Test
  void anExpiredKeyIsRefused() throws Exception {
    CreateApiKeyResponse key = elastic.security().createApiKey(k -> k
        .name("es-client-short-lived")
        .roleDescriptors("inference-reader", r -> r.cluster("monitor_inference"))
        .expiration(t -> t.time("2s")));
    ElasticsearchClient reader = keyClient(key);
    assertThat(reader.inference().get().endpoints()).extracting(InferenceEndpointInfo::inferenceId).contains(ENDPOINT);

    long wait = key.expiration() - System.currentTimeMillis() + 100;
    if (wait > 0) {
      Thread.sleep(wait);
    }
    ElasticsearchException expired = catchThrowableOfType(ElasticsearchException.class,
        () -> reader.inference().get());
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.error().type()).isEqualTo("security_exception");
  }

  @Test
  void theClientsTypedUserRoleAndPrivilegeCalls() throws IOException {
    PutRoleResponse role = elastic.security().putRole(r -> r
        .name("es-client-endpoint-reader")
        .cluster("monitor_inference")
        .description("reads inference endpoints")
        .metadata("team", JsonData.of("search")));
    assertThat(role.role().created()).isTrue();

    PutUserResponse user = elastic.security().putUser(u -> u
        .username("es-client-jane")
        .password("jane-password-1234")
        .roles("es-client-endpoint-reader")
        .fullName("Jane Client")
        .email("jane@example.com"));
    assertThat(user.created()).isTrue();

    String basic = Base64.getEncoder().encodeToString("es-client-jane:jane-password-1234".getBytes(StandardCharsets.UTF_8));
    ElasticsearchClient jane = client("Basic " + basic);
    opened.add(jane);
    AuthenticateResponse self = jane.security().authenticate();
    assertThat(self.username()).isEqualTo("es-client-jane");
    assertThat(self.roles()).containsExactly("es-client-endpoint-reader");
    assertThat(self.fullName()).isEqualTo("Jane Client");
    assertThat(self.authenticationType()).isEqualTo("realm");
    assertThat(jane.inference().get(g -> g.inferenceId(ENDPOINT)).endpoints()).hasSize(1);

    HasPrivilegesResponse privileges = jane.security().hasPrivileges(h -> h
        .cluster("monitor_inference", "manage_inference"));
    assertThat(privileges.username()).isEqualTo("es-client-jane");
    assertThat(privileges.hasAllRequested()).isFalse();
    assertThat(privileges.cluster()).isEqualTo(Map.of("monitor_inference", true, "manage_inference", false));

    GetBuiltinPrivilegesResponse builtin = elastic.security().getBuiltinPrivileges();
    assertThat(builtin.cluster()).contains("monitor_inference", "manage_inference", "manage_api_key",
        "manage_own_api_key", "read_security", "manage_security", "all").isSorted();
  }
}
