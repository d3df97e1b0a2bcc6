package io.infergate.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.infergate.testing.Conditions;
import io.infergate.testing.Endpoints;
import io.infergate.testing.HttpApi;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One JSON line per management action, accepted or refused, with no secret. */
class AuditTrailTest {

  @TempDir
  Path conf;

  @Test
  void everyManagementActionIsOneLineWithoutSecrets() throws IOException {
    try (TestCluster cluster = TestCluster.start(1, conf)) {
      HttpApi admin = cluster.http(0).as(TestUsers.ADMIN);
      admin.put("/_inference/sparse_embedding/audited", Endpoints.huggingFace());                 // 1 create
      admin.send("PUT", "/_inference/audited/_update", "{\"service_settings\":{\"api_key\":\""
          + Endpoints.OPENAI_SECRET + "\"}}", "application/json");                                  // 2 update
      admin.send("PUT", "/_inference/audited/_references/auditor", null, null);                    // 3 reference
      admin.delete("/_inference/audited?dry_run=true");                                             // 4 dry run
      admin.delete("/_inference/audited");                                                          // 5 refused: 409
      cluster.http(0).as(TestUsers.READER).delete("/_inference/audited");                           // 6 refused: 403
      cluster.http(0).as(TestUsers.ADMIN, "wrong").delete("/_inference/audited");                   // 7 refused: 401
      cluster.http(0).anonymous().put("/_inference/sparse_embedding/anon", Endpoints.huggingFace());  // 8 refused: 401
      admin.delete("/_inference/audited?force=true");                                               // 9 delete
      admin.get("/_inference/audited");                                                              // a read: not audited

      Path file = cluster.auditFile();
      Conditions.await(Duration.ofSeconds(10), "9 audit lines", () -> lines(file).size() >= 9);
      List<JsonObject> entries = lines(file).stream().map(JsonObject::new).toList();
      assertThat(entries).hasSize(9);

      assertThat(entries).extracting(e -> e.getString("action")).containsExactly(
          "cluster:admin/xpack/inference/put", "cluster:admin/xpack/inference/update",
          "cluster:admin/infergate/inference/reference", "cluster:admin/xpack/inference/delete",
          "cluster:admin/xpack/inference/delete", "cluster:admin/xpack/inference/delete",
          "cluster:admin/xpack/inference/delete", "cluster:admin/xpack/inference/put",
          "cluster:admin/xpack/inference/delete");
      assertThat(entries).extracting(e -> e.getInteger("status")).containsExactly(200, 200, 200, 200, 409, 403, 401, 401, 200);
      assertThat(entries).extracting(e -> e.getString("result")).containsExactly("success", "success", "success",
          "success", "conflict", "access_denied", "authentication_failed", "authentication_failed", "success");
      assertThat(entries.get(3).getBoolean("dry_run")).isTrue();
      assertThat(entries.get(4).getString("error_type")).isEqualTo("status_exception");
      assertThat(entries.get(0).getString("principal")).isEqualTo(TestUsers.ADMIN);
      assertThat(entries.get(0).getString("realm")).isEqualTo("default_file");
      assertThat(entries.get(5).getString("principal")).isEqualTo(TestUsers.READER);
      assertThat(entries.get(6).getString("principal")).isNull();
      assertThat(entries.get(6).getString("attempted_principal")).isEqualTo(TestUsers.ADMIN);
      assertThat(entries.get(7).getString("attempted_principal")).isNull();
      for (JsonObject entry : entries) {
        assertThat(entry.getString("node")).isEqualTo("node-1");
        assertThat(entry.getString("request_id")).isNotBlank();
        assertThat(entry.getString("@timestamp")).isNotBlank();
        assertThat(entry.getString("inference_id")).isIn("audited", "anon");
      }
      String text = Files.readString(file);
      assertThat(Endpoints.containsSecret(text)).isFalse();
      assertThat(text).doesNotContain("wrong").doesNotContain(TestUsers.PASSWORD);
    }
  }

  @Test
  void everyChangeOfUsersRolesAndKeysIsOneLineWithoutPasswordsOrKeys() throws IOException {
    try (TestCluster cluster = TestCluster.start(1, conf)) {
      HttpApi elastic = cluster.http(0);
      String password = "audited-password-7f3e";
      elastic.put("/_security/role/audited_role", new JsonObject()
          .put("cluster", new JsonArray().add("monitor_inference")));                                 // 1 role put
      elastic.put("/_security/user/audited", new JsonObject().put("password", password)
          .put("roles", new JsonArray().add("audited_role")));                                         // 2 user put
      elastic.put("/_security/user/audited/_password", new JsonObject().put("password", password + "2")); // 3
      elastic.put("/_security/user/audited/_disable", new JsonObject());                              // 4 disable
      HttpApi.Response key = elastic.post("/_security/api_key", new JsonObject().put("name", "audited-key")); // 5
      String keyId = key.json().getString("id");
      elastic.send("DELETE", "/_security/api_key", new JsonObject().put("ids", new JsonArray().add(keyId)).encode(),
          "application/json");                                                                         // 6 invalidate
      cluster.http(0).as(TestUsers.READER).delete("/_security/role/audited_role");                     // 7 refused: 403
      elastic.delete("/_security/user/audited");                                                       // 8 user delete
      elastic.get("/_security/user/audited");                                                          // reads: not audited
      elastic.send("POST", "/_security/user/_has_privileges", "{\"cluster\":[\"monitor\"]}", "application/json");

      Path file = cluster.auditFile();
      Conditions.await(Duration.ofSeconds(10), "8 audit lines", () -> lines(file).size() >= 8);
      List<JsonObject> entries = lines(file).stream().map(JsonObject::new).toList();
      assertThat(entries).extracting(e -> e.getString("action")).containsExactly(
          "cluster:admin/xpack/security/role/put", "cluster:admin/xpack/security/user/put",
          "cluster:admin/xpack/security/user/change_password", "cluster:admin/xpack/security/user/set_enabled",
          "cluster:admin/xpack/security/api_key/create", "cluster:admin/xpack/security/api_key/invalidate",
          "cluster:admin/xpack/security/role/delete", "cluster:admin/xpack/security/user/delete");
      assertThat(entries).extracting(e -> e.getInteger("status")).containsExactly(200, 200, 200, 200, 200, 200, 403, 200);
      assertThat(entries).extracting(e -> e.getString("security_subject")).containsExactly("audited_role", "audited",
          "audited", "audited", null, null, "audited_role", "audited");
      assertThat(entries.get(4).getString("created_api_key_id")).isEqualTo(keyId);
      assertThat(entries.get(6).getString("principal")).isEqualTo(TestUsers.READER);
      String text = Files.readString(file);
      assertThat(text).doesNotContain(password).doesNotContain(key.json().getString("api_key"))
          .doesNotContain(key.json().getString("encoded")).doesNotContain("$2a$");
    }
  }

  @Test
  void theRequestIdIsTheClientsOpaqueId() throws IOException {
    try (TestCluster cluster = TestCluster.start(1, conf)) {
      HttpApi.Response response = cluster.http(0).as(TestUsers.ADMIN).sendWithHeader("DELETE", "/_inference/nothing-here",
          "X-Opaque-Id", "trace-42");
      assertThat(response.status()).isEqualTo(404);
      assertThat(response.header("X-Request-Id")).isEqualTo("trace-42");
      Conditions.await(Duration.ofSeconds(10), "1 audit line", () -> lines(cluster.auditFile()).size() >= 1);
      JsonObject entry = new JsonObject(lines(cluster.auditFile()).get(0));
      assertThat(entry.getString("request_id")).isEqualTo("trace-42");
      assertThat(entry.getString("result")).isEqualTo("failure");
      assertThat(entry.getString("error_type")).isEqualTo("resource_not_found_exception");
    }
  }

  @Test
  void clientChosenFieldsAreCutSoARequestCannotBloatTheTrail() throws IOException {
    try (TestCluster cluster = TestCluster.start(1, conf)) {
      String hugeUser = "u".repeat(40_000);
      String hugePath = "/_inference/" + "a".repeat(60_000);
      HttpApi.Response refused = cluster.http(0).as(hugeUser, "x").delete(hugePath);
      assertThat(refused.status()).isEqualTo(401);
      Conditions.await(Duration.ofSeconds(10), "1 audit line", () -> lines(cluster.auditFile()).size() >= 1);
      String line = lines(cluster.auditFile()).get(0);
      assertThat(line.length()).isLessThan(2_000);
      JsonObject entry = new JsonObject(line);
      assertThat(entry.getBoolean("truncated")).isTrue();
      assertThat(entry.getString("attempted_principal")).startsWith("uuu").endsWith("...").hasSize(259);
      assertThat(entry.getString("uri")).startsWith("/_inference/aaa").endsWith("...");
    }
  }

  @Test
  void theTrailIsRotatedBySizeSoAFloodOfRefusedRequestsCannotFillTheDisk() throws IOException {
    long maxBytes = 16 * 1024;
    try (TestCluster cluster = TestCluster.create(1, conf, 1, TestCluster.sqliteStore(conf))
        .auditSettings(new JsonObject().put("max_bytes", maxBytes).put("max_files", 2))) {
      cluster.startNode(0);
      String hugeUser = "u".repeat(47_000);
      String hugePath = "/_inference/" + "a".repeat(60_000);
      int requests = 200;
      for (int i = 0; i < requests; i++) {
        // Refused either way: 401, or 429 once the login throttle blocks the address.
        assertThat(cluster.http(0).as(hugeUser + i, "x").delete(hugePath + i).status()).isIn(401, 429);
      }
      Path dir = cluster.auditFile().getParent();
      String name = cluster.auditFile().getFileName().toString();
      Conditions.await(Duration.ofSeconds(10), "the trail rotated twice", () -> Files.exists(dir.resolve(name + ".2")));

      List<Path> files;
      try (var listing = Files.list(dir)) {
        files = listing.filter(file -> file.getFileName().toString().startsWith(name + ".")
            || file.getFileName().toString().equals(name)).filter(file -> !file.toString().endsWith(".lock")).toList();
      }
      assertThat(files).extracting(file -> file.getFileName().toString())
          .containsExactlyInAnyOrder(name, name + ".1", name + ".2");
      long onDisk = 0;
      for (Path file : files) {
        long size = Files.size(file);
        onDisk += size;
        // One line may straddle the limit: a rotation happens before the write that would cross it.
        assertThat(size).as("%s", file).isLessThanOrEqualTo(maxBytes);
        assertThat(lines(file)).allSatisfy(line -> assertThat(new JsonObject(line).getBoolean("truncated")).isTrue());
      }
      assertThat(onDisk).isLessThanOrEqualTo(3 * maxBytes);
      // Unbounded, the same flood wrote 107 KB a request: 21 MB.
      assertThat(onDisk).isLessThan(requests * 1_000L);
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList() : List.of();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
