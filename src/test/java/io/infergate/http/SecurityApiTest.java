package io.infergate.http;

import static io.infergate.http.InferenceApiTestSupport.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication and the built-in roles over HTTP, with Elasticsearch's exact 401 and 403. */
class SecurityApiTest {

  private static final String MANAGE_GRANTS = "[manage_inference,manage,all]";
  private static final String MONITOR_GRANTS = "[monitor_inference,manage_inference,monitor,manage,all]";

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
  void inferenceUserCanGetButNotPutOrDelete() {
    api.put("/_inference/sparse_embedding/user-target", Endpoints.huggingFace());
    HttpApi reader = api.as(TestUsers.READER);

    assertThat(reader.get("/_inference/user-target").status()).isEqualTo(200);
    assertThat(reader.get("/_inference").status()).isEqualTo(200);
    assertError(reader.put("/_inference/sparse_embedding/by-reader", Endpoints.huggingFace()), 403, "security_exception",
        "action [cluster:admin/xpack/inference/put] is unauthorized for user [reader] with effective roles "
            + "[inference_user], this action is granted by the cluster privileges " + MANAGE_GRANTS);
    assertError(reader.delete("/_inference/user-target"), 403, "security_exception",
        "action [cluster:admin/xpack/inference/delete] is unauthorized for user [reader] with effective roles "
            + "[inference_user], this action is granted by the cluster privileges " + MANAGE_GRANTS);

    assertThat(api.get("/_inference/user-target").status()).isEqualTo(200);
    assertThat(api.get("/_inference/by-reader").status()).isEqualTo(404);
  }

  @Test
  void inferenceAdminCanDoAllThree() {
    HttpApi admin = api.as(TestUsers.ADMIN);

    assertThat(admin.put("/_inference/sparse_embedding/by-admin", Endpoints.huggingFace()).status()).isEqualTo(200);
    assertThat(admin.get("/_inference/by-admin").status()).isEqualTo(200);
    assertThat(admin.delete("/_inference/by-admin").json().getBoolean("acknowledged")).isTrue();
  }

  @Test
  void userWithoutInferencePrivilegesGets403OnGet() {
    assertError(api.as(TestUsers.OUTSIDER).get("/_inference"), 403, "security_exception",
        "action [cluster:monitor/xpack/inference/get] is unauthorized for user [outsider] with effective roles "
            + "[watcher_only], this action is granted by the cluster privileges " + MONITOR_GRANTS);
  }

  @Test
  void wrongPasswordIs401WithTheChallenge() {
    Response response = api.as(TestUsers.ADMIN, "wrong-password").get("/_inference?pretty");

    assertError(response, 401, "security_exception",
        "unable to authenticate user [admin] for REST request [/_inference?pretty]");
    assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"security\", charset=\"UTF-8\"");
  }

  @Test
  void unknownUserIs401() {
    Response response = api.as("nobody-here").get("/_inference");

    assertError(response, 401, "security_exception",
        "unable to authenticate user [nobody-here] for REST request [/_inference]");
    assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"security\", charset=\"UTF-8\"");
  }

  @Test
  void missingCredentialsAre401EvenOnWrites() {
    for (Response response : new Response[] {
        api.anonymous().get("/_inference"),
        api.anonymous().put("/_inference/sparse_embedding/anon", Endpoints.huggingFace()),
        api.anonymous().delete("/_inference/anon"),
        api.anonymous().get("/")}) {
      assertThat(response.status()).isEqualTo(401);
      assertThat(response.errorType()).isEqualTo("security_exception");
      assertThat(response.errorReason()).startsWith("missing authentication credentials for REST request [");
      assertThat(response.header("WWW-Authenticate")).isEqualTo("Basic realm=\"security\", charset=\"UTF-8\"");
    }
    assertError(api.anonymous().delete("/_inference/anon?force=true"), 401, "security_exception",
        "missing authentication credentials for REST request [/_inference/anon?force=true]");
    assertThat(api.get("/_inference/anon").status()).isEqualTo(404);
  }

  @Test
  void authenticateReturnsTheUserItsRolesAndRealm() {
    Response response = api.as(TestUsers.READER).get("/_security/_authenticate");

    assertThat(response.status()).isEqualTo(200);
    JsonObject body = response.json();
    assertThat(body.getString("username")).isEqualTo("reader");
    assertThat(body.getJsonArray("roles")).isEqualTo(new JsonArray().add("inference_user"));
    assertThat(body.getJsonObject("authentication_realm"))
        .isEqualTo(new JsonObject().put("name", "default_file").put("type", "file"));
    assertThat(body.getBoolean("enabled")).isTrue();
  }

  @Test
  void superuserCanDoEverything() {
    HttpApi elastic = api.as(TestUsers.ELASTIC);
    assertThat(elastic.put("/_inference/text_embedding/by-elastic", Endpoints.openAi()).status()).isEqualTo(200);
    assertThat(elastic.delete("/_inference/by-elastic").status()).isEqualTo(200);
    assertThat(elastic.get("/_security/_authenticate").json().getJsonArray("roles"))
        .isEqualTo(new JsonArray().add("superuser"));
  }
}
