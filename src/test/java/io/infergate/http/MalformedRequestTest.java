package io.infergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests that used to get a 500 or be accepted wrongly: each gets Elasticsearch's 4xx and
 * changes nothing.
 */
class MalformedRequestTest {

  @TempDir
  static Path conf;
  static TestCluster cluster;
  static HttpApi api;
  private JsonObject before;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(1, conf);
    api = cluster.http(0);
    assertThat(api.put("/_inference/sparse_embedding/existing", Endpoints.huggingFace()).status()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @BeforeEach
  void snapshot() {
    before = api.get("/_inference").json();
  }

  @AfterEach
  void registryIsUnchanged() {
    assertThat(api.get("/_inference").json()).isEqualTo(before);
  }

  @Test
  void duplicateKeysAreRejectedWherever() {
    String body = "{\"service\":\"x\",\"service\":\"openai\",\"service_settings\":{\"api_key\":\"k\",\"model_id\":\"m\"}}";
    Response put = api.send("PUT", "/_inference/text_embedding/dup", body, "application/json");
    assertThat(put.status()).isEqualTo(400);
    assertThat(put.errorType()).isEqualTo("x_content_parse_exception");
    assertThat(put.errorReason()).contains("Duplicate field 'service'");
    String nested = "{\"service\":\"openai\",\"service_settings\":{\"api_key\":\"k\",\"api_key\":\"k2\",\"model_id\":\"m\"}}";
    assertThat(api.send("PUT", "/_inference/text_embedding/dup", nested, "application/json").errorReason())
        .contains("Duplicate field 'api_key'");
    assertThat(api.send("POST", "/_inference/existing", "{\"input\":\"a\",\"input\":\"b\"}", "application/json")
        .errorReason()).contains("Duplicate field 'input'");
  }

  @Test
  void hugeTimeoutsAreA400() {
    for (String timeout : List.of("99999999999999999999d", "106751991168d", "9223372036854775807ms", "99999999999999h")) {
      for (Response response : List.of(
          api.delete("/_inference/existing?timeout=" + timeout),
          api.put("/_inference/sparse_embedding/other?timeout=" + timeout, Endpoints.huggingFace()),
          api.send("POST", "/_inference/existing/_update?timeout=" + timeout,
              "{\"service_settings\":{\"dimensions\":3}}", "application/json"),
          api.get("/_cluster/health?timeout=" + timeout))) {
        assertThat(response.status()).as("%s: %s", timeout, response).isEqualTo(400);
        assertThat(response.errorType()).isEqualTo("illegal_argument_exception");
        assertThat(response.errorReason()).startsWith("failed to parse setting [timeout] with value [" + timeout + "]");
      }
    }
  }

  @Test
  void badPercentEscapesInTheQueryAreA400() {
    for (String query : List.of("?pretty=%zz", "?%zz=1", "?pretty=%", "?pretty=%4")) {
      Response response = api.rawGet("/_inference" + query);
      assertThat(response.status()).as(query).isEqualTo(400);
      assertThat(response.body()).as(query).contains("illegal_argument_exception");
    }
  }

  @Test
  void http11WithoutHostIsA400() {
    for (String auth : List.of("Authorization: " + api.basicAuthorization() + "\r\n", "")) {
      Response response = api.raw("GET /_inference HTTP/1.1\r\n" + auth + "Connection: close\r\n\r\n");
      assertThat(response.status()).as(auth).isEqualTo(400);
      assertThat(response.body()).contains("Host");
    }
  }

  @Test
  void anUnknownParameterFromAnUnprivilegedUserIsNeverA500() {
    for (String user : List.of(TestUsers.OUTSIDER, TestUsers.READER)) {
      Response response = api.as(user).send("DELETE", "/_inference/existing?bogus=1", null, null);
      assertThat(response.status()).as(user + ": " + response).isIn(400, 403);
      Response get = api.as(user).get("/_inference?bogus=1");
      assertThat(get.status()).as(user + ": " + get).isIn(400, 403);
    }
  }
}
