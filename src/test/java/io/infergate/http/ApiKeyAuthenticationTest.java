package io.infergate.http;

import static io.infergate.http.InferenceApiTestSupport.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Authorization: ApiKey} as Elasticsearch answers it: what a key may do (never more than its
 * owner), the 401s of unknown, wrong, expired and malformed keys and of bearer tokens, and keys and
 * native users that outlive a restart of the node.
 */
class ApiKeyAuthenticationTest {

  private static final String REFUSED =
      "unable to authenticate with provided credentials and anonymous access is not allowed for this request";

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

  private static JsonObject createKey(HttpApi as, JsonObject request) {
    Response created = as.post("/_security/api_key", request);
    assertThat(created.status()).as(created.body()).isEqualTo(200);
    return created.json();
  }

  private static void assertRefused(Response response, String detail) {
    assertError(response, 401, "security_exception", REFUSED);
    assertThat(response.json().getJsonObject("error").getString("additional_unsuccessful_credentials"))
        .isEqualTo(detail);
    assertThat(response.headers().allValues("WWW-Authenticate"))
        .containsExactly("Basic realm=\"security\", charset=\"UTF-8\"", "ApiKey");
  }

  @Test
  void aKeyAuthenticatesAsItsOwnerAndSaysSo() {
    JsonObject key = createKey(api, new JsonObject().put("name", "whoami"));

    Response me = api.withApiKey(key.getString("encoded")).get("/_security/_authenticate");
    assertThat(me.status()).isEqualTo(200);
    assertThat(me.json().getString("username")).isEqualTo("elastic");
    assertThat(me.json().getString("authentication_type")).isEqualTo("api_key");
    assertThat(me.json().getJsonObject("api_key"))
        .isEqualTo(new JsonObject().put("id", key.getString("id")).put("name", "whoami")
            .put("managed_by", "elasticsearch").put("internal", false));
    assertThat(me.json().getJsonObject("authentication_realm"))
        .isEqualTo(new JsonObject().put("name", "_es_api_key").put("type", "_es_api_key"));
  }

  @Test
  void aKeyNeverGrantsMoreThanItsOwnerHad() {
    assertThat(api.put("/_security/role/key_maker", new JsonObject()
        .put("cluster", new JsonArray().add("manage_own_api_key").add("monitor_inference"))).status()).isEqualTo(200);
    assertThat(api.put("/_security/user/maker", new JsonObject().put("password", "maker-password")
        .put("roles", new JsonArray().add("key_maker"))).status()).isEqualTo(200);
    JsonObject key = createKey(api.as("maker", "maker-password"), new JsonObject().put("name", "wide")
        .put("role_descriptors", new JsonObject().put("everything", new JsonObject()
            .put("cluster", new JsonArray().add("all")))));
    HttpApi withKey = api.withApiKey(key.getString("encoded"));

    assertThat(withKey.get("/_inference").status()).isEqualTo(200);
    assertError(withKey.put("/_inference/sparse_embedding/too-far", Endpoints.huggingFace()), 403,
        "security_exception", "action [cluster:admin/xpack/inference/put] is unauthorized for API key id ["
            + key.getString("id") + "] of user [maker], this action is granted by the cluster privileges "
            + "[manage_inference,manage,all]");
    assertThat(withKey.put("/_security/role/escalated", new JsonObject()).status()).isEqualTo(403);

    // The owner's roles were taken when the key was made: granting the owner more later widens nothing.
    assertThat(api.put("/_security/user/maker", new JsonObject().put("roles", new JsonArray().add("superuser")))
        .status()).isEqualTo(200);
    assertThat(withKey.put("/_inference/sparse_embedding/too-far", Endpoints.huggingFace()).status()).isEqualTo(403);
  }

  @Test
  void aKeyInvalidatesItselfOnlyWithAnApiKeyPrivilege() {
    JsonObject reader = createKey(api, new JsonObject().put("name", "reader-only").put("role_descriptors",
        new JsonObject().put("r", new JsonObject().put("cluster", new JsonArray().add("monitor_inference")))));
    JsonObject own = createKey(api, new JsonObject().put("name", "own-keys").put("role_descriptors",
        new JsonObject().put("r", new JsonObject().put("cluster", new JsonArray().add("manage_own_api_key")))));

    Response refused = api.withApiKey(reader.getString("encoded")).send("DELETE", "/_security/api_key",
        new JsonObject().put("ids", new JsonArray().add(reader.getString("id"))).encode(), "application/json");
    assertError(refused, 403, "security_exception", "action [cluster:admin/xpack/security/api_key/invalidate] is "
        + "unauthorized for API key id [" + reader.getString("id") + "] of user [elastic], this action is granted by "
        + "the cluster privileges [manage_own_api_key,manage_api_key,manage_security,all]");
    Response invalidated = api.withApiKey(own.getString("encoded")).send("DELETE", "/_security/api_key",
        new JsonObject().put("ids", new JsonArray().add(own.getString("id"))).encode(), "application/json");
    assertThat(invalidated.status()).as(invalidated.body()).isEqualTo(200);
    assertThat(invalidated.json().getJsonArray("invalidated_api_keys")).containsExactly(own.getString("id"));
  }

  @Test
  void anExpiredKeyIsRefused() {
    JsonObject key = createKey(api, new JsonObject().put("name", "brief").put("expiration", "2s"));
    HttpApi withKey = api.withApiKey(key.getString("encoded"));
    assertThat(withKey.get("/_inference").status()).isEqualTo(200);

    Conditions.await(Duration.ofSeconds(15), "the key expired", () -> withKey.get("/_inference").status() == 401);
    assertRefused(withKey.get("/_inference"), "API key: api key is expired");
  }

  @Test
  void unknownWrongAndMalformedKeysAndBearerTokensAre401() {
    JsonObject key = createKey(api, new JsonObject().put("name", "real"));
    String id = key.getString("id");

    assertRefused(api.withApiKey(encode("no-such-key-id-00000:" + key.getString("api_key"))).get("/_inference"),
        "API key: unable to find apikey with id no-such-key-id-00000");
    assertRefused(api.withApiKey(encode(id + ":not-the-secret")).get("/_inference"), "API key: invalid credentials");
    assertRefused(api.withApiKey(encode("no-colon-here")).get("/_inference"), "API key: invalid ApiKey value");
    assertRefused(api.withApiKey("%%% not base64").get("/_inference"), "API key: invalid ApiKey value");
    assertRefused(api.anonymous().sendWithHeader("GET", "/_inference", "Authorization", "Bearer abc.def.ghi"),
        "oauth2 token: invalid token");
    assertThat(api.withApiKey(key.getString("encoded")).get("/_inference").status())
        .as("failures of other keys do not throttle a good one").isEqualTo(200);
  }

  @Test
  void keysAndNativeUsersOutliveARestart() {
    JsonObject key = createKey(api, new JsonObject().put("name", "durable"));
    assertThat(api.put("/_security/user/durable-user", new JsonObject().put("password", "durable-password")
        .put("roles", new JsonArray().add("inference_user"))).status()).isEqualTo(200);

    cluster.stopNode(0);
    cluster.startNode(0);
    HttpApi restarted = cluster.http(0);

    assertThat(restarted.withApiKey(key.getString("encoded")).get("/_inference").status()).isEqualTo(200);
    assertThat(restarted.as("durable-user", "durable-password").get("/_inference").status()).isEqualTo(200);
    api = restarted;
  }

  private static String encode(String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
