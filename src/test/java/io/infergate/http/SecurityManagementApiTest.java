package io.infergate.http;

import static io.infergate.http.InferenceApiTestSupport.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import at.favre.lib.crypto.bcrypt.BCrypt;
import io.infergate.security.MetadataRules;
import io.infergate.testing.HttpApi;
import io.infergate.testing.HttpApi.Response;
import io.infergate.testing.TestCluster;
import io.infergate.testing.TestUsers;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security API's routes for native users, roles and API keys over HTTP: Elasticsearch's success
 * shapes, its 404 shapes, its 400s for bad input and reserved names, and its privileges.
 */
class SecurityManagementApiTest {

  private static final String PASSWORD = "native-password";
  private static final String SECURITY_GRANTS = "[manage_security,all]";

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

  // ---- users

  @Test
  void nativeUserLifecycle() {
    Response created = api.put("/_security/user/jacknich", new JsonObject().put("password", PASSWORD)
        .put("roles", new JsonArray().add("inference_user")).put("full_name", "Jack Nicholson")
        .put("email", "jacknich@example.com").put("metadata", new JsonObject().put("intelligence", 7)));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    assertThat(created.json()).isEqualTo(new JsonObject().put("created", true));
    assertThat(authenticate("jacknich", PASSWORD).status()).isEqualTo(200);

    Response got = api.get("/_security/user/jacknich");
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json()).isEqualTo(new JsonObject().put("jacknich", new JsonObject().put("username", "jacknich")
        .put("roles", new JsonArray().add("inference_user")).put("full_name", "Jack Nicholson")
        .put("email", "jacknich@example.com").put("metadata", new JsonObject().put("intelligence", 7))
        .put("enabled", true)));
    assertThat(got.body()).doesNotContain("$2").doesNotContain(PASSWORD);
    assertThat(api.get("/_security/user").json().containsKey("jacknich")).isTrue();

    // An update without a password keeps the one the user has; roles as a comma-separated string.
    Response updated = api.post("/_security/user/jacknich", new JsonObject().put("roles", "inference_user,other"));
    assertThat(updated.json()).isEqualTo(new JsonObject().put("created", false));
    assertThat(authenticate("jacknich", PASSWORD).status()).isEqualTo(200);
    assertThat(api.get("/_security/user/jacknich").json().getJsonObject("jacknich").getJsonArray("roles"))
        .isEqualTo(new JsonArray().add("inference_user").add("other"));

    Response disabled = api.put("/_security/user/jacknich/_disable?refresh=wait_for", new JsonObject());
    assertThat(disabled.status()).isEqualTo(200);
    assertThat(disabled.json()).isEqualTo(new JsonObject());
    assertThat(authenticate("jacknich", PASSWORD).status()).isEqualTo(401);
    assertThat(api.get("/_security/user/jacknich").json().getJsonObject("jacknich").getBoolean("enabled")).isFalse();
    assertThat(api.post("/_security/user/jacknich/_enable", new JsonObject()).status()).isEqualTo(200);
    assertThat(authenticate("jacknich", PASSWORD).status()).isEqualTo(200);

    Response changed = api.put("/_security/user/jacknich/_password", new JsonObject().put("password", "second-pw"));
    assertThat(changed.status()).isEqualTo(200);
    assertThat(changed.json()).isEqualTo(new JsonObject());
    assertThat(authenticate("jacknich", PASSWORD).status()).isEqualTo(401);
    // A user changes its own password without any security privilege.
    Response own = api.as("jacknich", "second-pw").post("/_security/user/_password",
        new JsonObject().put("password", "third-pw"));
    assertThat(own.status()).as(own.toString()).isEqualTo(200);
    assertThat(authenticate("jacknich", "third-pw").status()).isEqualTo(200);

    Response deleted = api.delete("/_security/user/jacknich");
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(deleted.json()).isEqualTo(new JsonObject().put("found", true));
    assertThat(authenticate("jacknich", "third-pw").status()).isEqualTo(401);
    Response again = api.delete("/_security/user/jacknich");
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json()).isEqualTo(new JsonObject().put("found", false));
    Response missing = api.get("/_security/user/jacknich,nobody");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json()).isEqualTo(new JsonObject());
  }

  @Test
  void aBcryptPasswordHashIsTakenAsItIs() {
    String hash = BCrypt.withDefaults().hashToString(4, "hashed-pw".toCharArray());
    assertThat(api.put("/_security/user/hashed", new JsonObject().put("password_hash", hash)
        .put("roles", new JsonArray())).status()).isEqualTo(200);
    assertThat(authenticate("hashed", "hashed-pw").status()).isEqualTo(200);
    assertThat(api.get("/_security/user/hashed").body()).doesNotContain(hash);

    assertError(api.put("/_security/user/hashed2", new JsonObject().put("password_hash", "{PBKDF2}abc")
        .put("roles", new JsonArray())), 400, "illegal_argument_exception", "The provided password hash is not a hash "
        + "or it could not be resolved to a supported hash algorithm. The supported password hash algorithms are [bcrypt]");
  }

  @Test
  void userInputIsValidatedWithElasticsearchMessages() {
    JsonObject valid = new JsonObject().put("password", PASSWORD).put("roles", new JsonArray());
    assertError(api.put("/_security/user/elastic", valid), 400, "action_request_validation_exception",
        "Validation Failed: 1: user [elastic] is reserved and only the password can be changed;");
    assertError(api.put("/_security/user/no-roles", new JsonObject().put("password", PASSWORD)), 400,
        "action_request_validation_exception", "Validation Failed: 1: roles are missing;");
    assertError(api.put("/_security/user/meta", valid.copy().put("metadata", new JsonObject().put("_x", 1))), 400,
        "action_request_validation_exception", "Validation Failed: 1: metadata keys may not start with [_];");
    String nameRules = "User names must be at least 1 and no more than 1024 characters. They can contain alphanumeric "
        + "characters (a-z, A-Z, 0-9), spaces, punctuation, and printable symbols in the Basic Latin (ASCII) block. "
        + "Leading or trailing whitespace is not allowed.";
    assertError(api.put("/_security/user/%20padded", valid), 400, "action_request_validation_exception",
        "Validation Failed: 1: " + nameRules + ";");
    assertError(api.put("/_security/user/" + "u".repeat(1025), valid), 400, "action_request_validation_exception",
        "Validation Failed: 1: " + nameRules + ";");
    assertError(api.put("/_security/user/shortpw", valid.copy().put("password", "12345")), 400, "validation_exception",
        "Validation Failed: 1: passwords must be at least [6] characters long;");
    assertError(api.put("/_security/user/nopw", new JsonObject().put("roles", new JsonArray())), 400,
        "validation_exception", "Validation Failed: 1: password must be specified unless you are updating an existing user;");
    assertError(api.put("/_security/user/extra", valid.copy().put("colour", "red")), 400, "parse_exception",
        "failed to parse add user request. unexpected field [colour]");
    assertError(api.put("/_security/user/typed", valid.copy().put("enabled", "yes")), 400, "parse_exception",
        "expected field [enabled] to be of type boolean, but found [VALUE_STRING] instead");
    assertError(api.put("/_security/user/refresh?refresh=soon", valid), 400, "illegal_argument_exception",
        "Unknown value for refresh: [soon].");
    assertError(api.delete("/_security/user/elastic"), 400, "illegal_argument_exception",
        "user [elastic] is reserved and cannot be deleted");
    assertThat(api.get("/_security/user/nopw").status()).isEqualTo(404);
  }

  @Test
  void passwordChangesAndEnablingFollowElasticsearchRules() {
    assertError(api.as(TestUsers.READER).put("/_security/user/_password", new JsonObject().put("password", "new-pass")),
        400, "illegal_argument_exception", "user [reader] is managed in the file realm: change its password in "
            + "conf/users on every node (scripts/users passwd), not through the API");
    assertError(api.put("/_security/user/ghost/_password", new JsonObject().put("password", "new-pass")), 400,
        "validation_exception", "Validation Failed: 1: user must exist in order to change password;");
    assertError(api.put("/_security/user/ghost/_password", new JsonObject()), 400,
        "action_request_validation_exception", "Validation Failed: 1: password is missing;");
    assertError(api.put("/_security/user/ghost/_password", new JsonObject().put("password", "123")), 400,
        "validation_exception", "Validation Failed: 1: passwords must be at least [6] characters long;");
    assertError(api.put("/_security/user/elastic/_disable", new JsonObject()), 400, "illegal_argument_exception",
        "users may not update the enabled status of their own account");
    assertThat(api.put("/_security/user/ghost/_enable", new JsonObject()).status()).isEqualTo(404);
  }

  // ---- roles

  @Test
  void roleLifecycleWithElasticsearchsShape() {
    JsonObject body = new JsonObject().put("cluster", new JsonArray().add("monitor_inference"))
        .put("indices", new JsonArray().add(new JsonObject().put("names", new JsonArray().add("logs-*"))
            .put("privileges", new JsonArray().add("read"))))
        .put("metadata", new JsonObject().put("version", 1)).put("description", "reads endpoints");
    Response created = api.put("/_security/role/endpoint_reader", body);
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    assertThat(created.json()).isEqualTo(new JsonObject().put("role", new JsonObject().put("created", true)));
    assertThat(api.post("/_security/role/endpoint_reader", body).json())
        .isEqualTo(new JsonObject().put("role", new JsonObject().put("created", false)));

    Response got = api.get("/_security/role/endpoint_reader");
    assertThat(got.json()).isEqualTo(new JsonObject().put("endpoint_reader", new JsonObject()
        .put("cluster", new JsonArray().add("monitor_inference"))
        .put("indices", new JsonArray().add(new JsonObject().put("names", new JsonArray().add("logs-*"))
            .put("privileges", new JsonArray().add("read")).put("allow_restricted_indices", false)))
        .put("applications", new JsonArray()).put("run_as", new JsonArray())
        .put("metadata", new JsonObject().put("version", 1))
        .put("transient_metadata", new JsonObject().put("enabled", true))
        .put("description", "reads endpoints")));

    // The role takes effect for a native user holding it.
    api.put("/_security/user/role-holder", new JsonObject().put("password", PASSWORD)
        .put("roles", new JsonArray().add("endpoint_reader")));
    assertThat(api.as("role-holder", PASSWORD).get("/_inference").status()).isEqualTo(200);

    JsonObject all = api.get("/_security/role").json();
    assertThat(all.containsKey("endpoint_reader")).isTrue();
    assertThat(all.getJsonObject("superuser").getJsonObject("metadata").getBoolean("_reserved")).isTrue();
    assertThat(api.get("/_security/role/superuser").json().getJsonObject("superuser").getJsonArray("cluster"))
        .isEqualTo(new JsonArray().add("all"));

    Response deleted = api.delete("/_security/role/endpoint_reader");
    assertThat(deleted.json()).isEqualTo(new JsonObject().put("found", true));
    assertThat(api.as("role-holder", PASSWORD).get("/_inference").status()).isEqualTo(403);
    Response again = api.delete("/_security/role/endpoint_reader");
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.json()).isEqualTo(new JsonObject().put("found", false));
    Response missing = api.get("/_security/role/endpoint_reader");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json()).isEqualTo(new JsonObject());
  }

  @Test
  void reservedRolesCannotBeWrittenOrDeleted() {
    assertError(api.put("/_security/role/superuser", new JsonObject()), 400, "action_request_validation_exception",
        "Validation Failed: 1: Role [superuser] is reserved and may not be used.;");
    assertError(api.delete("/_security/role/inference_user"), 400, "illegal_argument_exception",
        "role [inference_user] is reserved and cannot be deleted");
  }

  @Test
  void malformedRoleDescriptorsAreRefused() {
    assertError(api.put("/_security/role/bad", new JsonObject().put("cluster", new JsonArray().add("Manage_Inference")
            .add("fly"))), 400, "action_request_validation_exception",
        "Validation Failed: 1: unknown cluster privilege [fly]. a privilege must be either one of the predefined cluster "
            + "privilege names [all,manage,manage_api_key,manage_inference,manage_own_api_key,manage_security,monitor,"
            + "monitor_inference,read_security] or a pattern over one of the available cluster actions;");
    assertError(api.put("/_security/role/bad", new JsonObject().put("clusters", new JsonArray())), 400,
        "parse_exception", "failed to parse role [bad]. unexpected field [clusters]");
    assertError(api.put("/_security/role/bad", new JsonObject().put("cluster", "all")), 400, "parse_exception",
        "failed to parse role [bad]. expected field [cluster] value to be an array of strings, but found "
            + "[VALUE_STRING] instead");
    assertError(api.put("/_security/role/bad", new JsonObject().put("indices", new JsonArray()
            .add(new JsonObject().put("names", "logs")))), 400, "parse_exception",
        "failed to parse indices privileges for role [bad]. missing required [privileges] field");
    assertThat(api.put("/_security/role/bad", new JsonObject().put("indices", new JsonArray()
        .add(new JsonObject().put("names", "logs").put("privileges", new JsonArray().add("reed"))))).errorReason())
        .startsWith("Validation Failed: 1: unknown index privilege [reed].");
    assertError(api.put("/_security/role/bad", new JsonObject().put("metadata", new JsonObject().put("_k", 1))), 400,
        "action_request_validation_exception", "Validation Failed: 1: role descriptor metadata keys may not start with [_];");
    assertError(api.put("/_security/role/bad", new JsonObject().put("description", "d".repeat(1001))), 400,
        "action_request_validation_exception", "Validation Failed: 1: Role description must be less than 1000 characters.;");
    assertThat(api.put("/_security/role/bad%20", new JsonObject()).errorReason())
        .startsWith("Validation Failed: 1: Role names must be at least 1 and no more than 1024 characters.");
    assertThat(api.get("/_security/role/bad").status()).isEqualTo(404);
    // A privilege written in capitals is Elasticsearch's lower-case one.
    assertThat(api.put("/_security/role/shouting", new JsonObject().put("cluster",
        new JsonArray().add("MONITOR_INFERENCE"))).status()).isEqualTo(200);
    assertThat(api.get("/_security/role/shouting").json().getJsonObject("shouting").getJsonArray("cluster"))
        .isEqualTo(new JsonArray().add("monitor_inference"));
  }

  /** Metadata is bounded by {@code http.max_content_length} (1 MiB by default; the test nodes' is smaller). */
  @Test
  void oversizedMetadataIsRefusedByTheBodyLimit() {
    int limit = cluster.nodeSettings(0).getJsonObject("http").getInteger("max_content_length");
    JsonObject metadata = new JsonObject().put("blob", "x".repeat(limit + 1));
    Response response = api.put("/_security/user/big", new JsonObject().put("password", PASSWORD)
        .put("roles", new JsonArray()).put("metadata", metadata));
    assertError(response, 413, "content_too_long_exception",
        "request body is larger than the limit of [" + limit + "] bytes");
    assertThat(api.get("/_security/user/big").status()).isEqualTo(404);
  }

  /** Within the body limit, metadata past {@link MetadataRules#MAX_BYTES} is Elasticsearch's validation 400. */
  @Test
  void metadataPastItsBoundIs400ForUsersRolesAndKeys() {
    JsonObject metadata = new JsonObject().put("blob", "x".repeat(MetadataRules.MAX_BYTES));
    Response user = api.put("/_security/user/big-meta", new JsonObject().put("password", PASSWORD)
        .put("roles", new JsonArray()).put("metadata", metadata));
    assertThat(user.status()).isEqualTo(400);
    assertThat(user.errorType()).isEqualTo("action_request_validation_exception");
    assertThat(user.errorReason()).startsWith("Validation Failed: 1: metadata may not be more than ["
        + MetadataRules.MAX_BYTES + "] bytes when encoded");
    Response role = api.put("/_security/role/big_meta", new JsonObject().put("metadata", metadata));
    assertThat(role.status()).isEqualTo(400);
    assertThat(role.errorReason()).contains("role descriptor metadata may not be more than");
    Response key = api.post("/_security/api_key", new JsonObject().put("name", "big").put("metadata", metadata));
    assertThat(key.status()).isEqualTo(400);
    assertThat(key.errorReason()).contains("API key metadata may not be more than");
    assertThat(api.get("/_security/user/big-meta").status()).isEqualTo(404);
    assertThat(api.get("/_security/role/big_meta").status()).isEqualTo(404);
  }

  // ---- API keys

  @Test
  void apiKeyLifecycle() {
    Response created = api.post("/_security/api_key", new JsonObject().put("name", "lifecycle-key")
        .put("expiration", "1d").put("metadata", new JsonObject().put("app", "x"))
        .put("role_descriptors", new JsonObject().put("reader", new JsonObject()
            .put("cluster", new JsonArray().add("monitor_inference")))));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    JsonObject key = created.json();
    assertThat(key.fieldNames()).containsExactly("id", "name", "expiration", "api_key", "encoded");
    String id = key.getString("id");
    String secret = key.getString("api_key");
    assertThat(key.getString("encoded")).isEqualTo(Base64.getEncoder()
        .encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    assertThat(key.getLong("expiration")).isGreaterThan(System.currentTimeMillis() + 86_000_000L);

    Response got = api.get("/_security/api_key?id=" + id);
    assertThat(got.status()).isEqualTo(200);
    JsonObject listed = got.json().getJsonArray("api_keys").getJsonObject(0);
    assertThat(listed.getString("name")).isEqualTo("lifecycle-key");
    assertThat(listed.getString("username")).isEqualTo("elastic");
    assertThat(listed.getString("realm")).isEqualTo("default_file");
    assertThat(listed.getBoolean("invalidated")).isFalse();
    assertThat(listed.getJsonObject("metadata")).isEqualTo(new JsonObject().put("app", "x"));
    assertThat(listed.getJsonObject("role_descriptors").getJsonObject("reader").getJsonArray("cluster"))
        .isEqualTo(new JsonArray().add("monitor_inference"));
    assertThat(listed.containsKey("limited_by")).isFalse();
    assertThat(got.body()).doesNotContain(secret).doesNotContain("SSHA256");
    JsonObject limited = api.get("/_security/api_key?id=" + id + "&with_limited_by=true").json()
        .getJsonArray("api_keys").getJsonObject(0);
    assertThat(limited.getJsonArray("limited_by").getJsonObject(0).getJsonObject("superuser").getJsonArray("cluster"))
        .isEqualTo(new JsonArray().add("all"));
    assertThat(api.get("/_security/api_key?name=lifecycle-*").json().getJsonArray("api_keys").size()).isEqualTo(1);
    assertThat(api.get("/_security/api_key?username=elastic&realm_name=default_file").json()
        .getJsonArray("api_keys").stream().map(k -> ((JsonObject) k).getString("id")).toList()).contains(id);

    Response invalidated = invalidate(api, new JsonObject().put("ids", new JsonArray().add(id)));
    assertThat(invalidated.json()).isEqualTo(new JsonObject().put("invalidated_api_keys", new JsonArray().add(id))
        .put("previously_invalidated_api_keys", new JsonArray()).put("error_count", 0));
    assertThat(invalidate(api, new JsonObject().put("name", "lifecycle-key")).json())
        .isEqualTo(new JsonObject().put("invalidated_api_keys", new JsonArray())
            .put("previously_invalidated_api_keys", new JsonArray().add(id)).put("error_count", 0));
    assertThat(api.get("/_security/api_key?id=" + id).json().getJsonArray("api_keys").getJsonObject(0)
        .getBoolean("invalidated")).isTrue();
    Response active = api.get("/_security/api_key?id=" + id + "&active_only=true");
    assertThat(active.status()).isEqualTo(404);
    assertThat(active.json()).isEqualTo(new JsonObject().put("api_keys", new JsonArray()));
    assertThat(invalidate(api, new JsonObject().put("ids", new JsonArray().add("no-such-key"))).json())
        .isEqualTo(new JsonObject().put("invalidated_api_keys", new JsonArray())
            .put("previously_invalidated_api_keys", new JsonArray()).put("error_count", 0));
  }

  @Test
  void apiKeyRequestsAreValidatedWithElasticsearchMessages() {
    assertError(api.post("/_security/api_key", new JsonObject()), 400, "action_request_validation_exception",
        "Validation Failed: 1: api key name is required;");
    assertError(api.post("/_security/api_key", new JsonObject().put("name", "_hidden")
            .put("metadata", new JsonObject().put("_m", 1))), 400, "action_request_validation_exception",
        "Validation Failed: 1: api key name may not begin with an underscore;2: API key metadata keys may not start "
            + "with [_];");
    assertError(api.post("/_security/api_key", new JsonObject().put("name", "k").put("expiration", "soon")), 400,
        "illegal_argument_exception",
        "failed to parse setting [expiration] with value [soon] as a time value: unit is missing or unrecognized");
    assertThat(api.post("/_security/api_key", new JsonObject().put("name", "k").put("role_descriptors",
        new JsonObject().put("r", new JsonObject().put("cluster", new JsonArray().add("fly"))))).errorReason())
        .startsWith("Validation Failed: 1: unknown cluster privilege [fly].");
    assertError(api.get("/_security/api_key?id=a&name=b"), 400, "action_request_validation_exception",
        "Validation Failed: 1: only one of [api key id, api key name] can be specified;");
    assertError(api.get("/_security/api_key?owner=true&username=elastic"), 400, "action_request_validation_exception",
        "Validation Failed: 1: neither username nor realm-name may be specified when retrieving owned API keys;");
    assertError(api.get("/_security/api_key?colour=red"), 400, "illegal_argument_exception",
        "request [/_security/api_key] contains unrecognized parameter: [colour]");
    assertError(invalidate(api, new JsonObject()), 400, "action_request_validation_exception",
        "Validation Failed: 1: One of [api key id(s), api key name, username, realm name] must be specified if "
            + "[owner] flag is false;");
    assertError(invalidate(api, new JsonObject().put("ids", new JsonArray())), 400, "illegal_argument_exception",
        "Field [ids] cannot be an empty array");
    assertError(invalidate(api, new JsonObject().put("id", "x")), 400, "x_content_parse_exception",
        "[invalidate_api_key] unknown field [id]");
    assertError(invalidate(api, new JsonObject().put("ids", new JsonArray().add("a")).put("username", "u")), 400,
        "action_request_validation_exception", "Validation Failed: 1: username or realm name must not be specified "
            + "when the api key id(s) or api key name are specified;");
  }

  @Test
  void manageOwnApiKeyReachesOnlyTheCallersKeys() {
    assertThat(api.put("/_security/role/own_keys", new JsonObject()
        .put("cluster", new JsonArray().add("manage_own_api_key"))).status()).isEqualTo(200);
    assertThat(api.put("/_security/user/key-owner", new JsonObject().put("password", PASSWORD)
        .put("roles", new JsonArray().add("own_keys"))).status()).isEqualTo(200);
    HttpApi owner = api.as("key-owner", PASSWORD);
    String othersKey = api.post("/_security/api_key", new JsonObject().put("name", "elastics-key")).json()
        .getString("id");
    Response mine = owner.post("/_security/api_key", new JsonObject().put("name", "owners-key"));
    assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
    String myKey = mine.json().getString("id");

    String getDenied = "action [cluster:admin/xpack/security/api_key/get] is unauthorized for user [key-owner] with "
        + "effective roles [own_keys], this action is granted by the cluster privileges "
        + "[read_security,manage_api_key,manage_security,all]";
    assertError(owner.get("/_security/api_key"), 403, "security_exception", getDenied);
    assertError(owner.get("/_security/api_key?id=" + othersKey), 403, "security_exception", getDenied);
    List<String> seen = owner.get("/_security/api_key?owner=true").json().getJsonArray("api_keys").stream()
        .map(k -> ((JsonObject) k).getString("id")).toList();
    assertThat(seen).containsExactly(myKey);
    assertThat(owner.get("/_security/api_key?username=key-owner&realm_name=default_native").json()
        .getJsonArray("api_keys").size()).isEqualTo(1);

    assertError(invalidate(owner, new JsonObject().put("ids", new JsonArray().add(othersKey))), 403,
        "security_exception", "action [cluster:admin/xpack/security/api_key/invalidate] is unauthorized for user "
            + "[key-owner] with effective roles [own_keys], this action is granted by the cluster privileges "
            + "[manage_api_key,manage_security,all]");
    assertThat(invalidate(owner, new JsonObject().put("owner", true)).json().getJsonArray("invalidated_api_keys"))
        .isEqualTo(new JsonArray().add(myKey));
    assertThat(api.get("/_security/api_key?id=" + othersKey).json().getJsonArray("api_keys").getJsonObject(0)
        .getBoolean("invalidated")).isFalse();
    // A user with manage_security sees every user's keys.
    List<String> all = api.get("/_security/api_key").json().getJsonArray("api_keys").stream()
        .map(k -> ((JsonObject) k).getString("id")).toList();
    assertThat(all).contains(myKey, othersKey);
  }

  @Test
  void anApiKeyFollowsElasticsearchsRulesForKeys() {
    JsonObject reader = api.post("/_security/api_key", new JsonObject().put("name", "reading-key")
        .put("role_descriptors", new JsonObject().put("r", new JsonObject()
            .put("cluster", new JsonArray().add("monitor_inference"))))).json();
    String id = reader.getString("id");
    HttpApi readerKey = api.withApiKey(reader.getString("encoded"));
    // A key reads itself by id with no security privilege, but nothing more.
    Response itself = readerKey.get("/_security/api_key?id=" + id);
    assertThat(itself.status()).as(itself.toString()).isEqualTo(200);
    assertThat(itself.json().getJsonArray("api_keys").getJsonObject(0).getString("id")).isEqualTo(id);
    assertError(readerKey.get("/_security/api_key"), 403, "security_exception",
        "action [cluster:admin/xpack/security/api_key/get] is unauthorized for API key id [" + id + "] of user "
            + "[elastic], this action is granted by the cluster privileges "
            + "[manage_own_api_key,read_security,manage_api_key,manage_security,all]");
    assertThat(readerKey.get("/_security/api_key?id=" + id + "&with_limited_by=true").status()).isEqualTo(403);
    // Its owner's own password is not the key's to change.
    assertError(readerKey.put("/_security/user/_password", new JsonObject().put("password", "key-chosen")), 403,
        "security_exception", "action [cluster:admin/xpack/security/user/change_password] is unauthorized for API key "
            + "id [" + id + "] of user [elastic], this action is granted by the cluster privileges " + SECURITY_GRANTS);

    JsonObject manager = api.post("/_security/api_key", new JsonObject().put("name", "managing-key")
        .put("role_descriptors", new JsonObject().put("m", new JsonObject()
            .put("cluster", new JsonArray().add("manage_own_api_key"))))).json();
    HttpApi managerKey = api.withApiKey(manager.getString("encoded"));
    String derivedRule = "creating derived api keys requires an explicit role descriptor that is empty (has no privileges)";
    assertError(managerKey.post("/_security/api_key", new JsonObject().put("name", "derived")), 400,
        "illegal_argument_exception", derivedRule);
    assertError(managerKey.post("/_security/api_key", new JsonObject().put("name", "derived").put("role_descriptors",
        new JsonObject().put("d", new JsonObject().put("cluster", new JsonArray().add("monitor_inference"))))), 400,
        "illegal_argument_exception", derivedRule);
    Response derived = managerKey.post("/_security/api_key", new JsonObject().put("name", "derived")
        .put("role_descriptors", new JsonObject().put("empty", new JsonObject())));
    assertThat(derived.status()).as(derived.toString()).isEqualTo(200);
    // The derived key belongs to the key's owner, in the owner's realm, so owner=true finds it.
    JsonObject stored = managerKey.get("/_security/api_key?owner=true&name=derived").json().getJsonArray("api_keys")
        .getJsonObject(0);
    assertThat(stored.getString("id")).isEqualTo(derived.json().getString("id"));
    assertThat(stored.getString("username")).isEqualTo("elastic");
    assertThat(stored.getString("realm")).isEqualTo("default_file");
    assertThat(stored.getString("realm_type")).isEqualTo("file");
  }

  // ---- privileges

  @Test
  void inferenceUserGets403OnEverySecurityWrite() {
    HttpApi reader = api.as(TestUsers.READER);
    JsonObject user = new JsonObject().put("password", PASSWORD).put("roles", new JsonArray());
    assertError(reader.put("/_security/user/by-reader", user), 403, "security_exception",
        "action [cluster:admin/xpack/security/user/put] is unauthorized for user [reader] with effective roles "
            + "[inference_user], this action is granted by the cluster privileges " + SECURITY_GRANTS);
    List<Response> refused = List.of(
        reader.delete("/_security/user/admin"),
        reader.put("/_security/user/admin/_password", new JsonObject().put("password", "stolen-pw")),
        reader.put("/_security/user/admin/_disable", new JsonObject()),
        reader.put("/_security/user/admin/_enable", new JsonObject()),
        reader.put("/_security/role/by-reader", new JsonObject()),
        reader.delete("/_security/role/by-reader"),
        reader.post("/_security/api_key", new JsonObject().put("name", "by-reader")),
        invalidate(reader, new JsonObject().put("name", "*")),
        reader.get("/_security/user"),
        reader.get("/_security/role"),
        reader.get("/_security/api_key"),
        reader.get("/_security/privilege/_builtin"));
    for (Response response : refused) {
      assertThat(response.status()).as(response.toString()).isEqualTo(403);
      assertThat(response.errorType()).isEqualTo("security_exception");
    }
    assertThat(api.get("/_security/user/by-reader").status()).isEqualTo(404);
    assertThat(api.get("/_security/api_key?name=by-reader").json().getJsonArray("api_keys")).isEmpty();
  }

  @Test
  void builtinPrivilegesListTheKnownNames() {
    Response response = api.get("/_security/privilege/_builtin");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getJsonArray("cluster")).isEqualTo(new JsonArray().add("all").add("manage")
        .add("manage_api_key").add("manage_inference").add("manage_own_api_key").add("manage_security").add("monitor")
        .add("monitor_inference").add("read_security"));
    JsonArray index = response.json().getJsonArray("index");
    assertThat(index).contains("read", "write", "all");
    assertThat(index.getList()).isSorted();
  }

  @Test
  void hasPrivilegesAnswersForTheCaller() {
    JsonObject request = new JsonObject().put("cluster", new JsonArray().add("monitor_inference").add("manage_inference"))
        .put("index", new JsonArray().add(new JsonObject().put("names", new JsonArray().add("logs"))
            .put("privileges", new JsonArray().add("read"))));
    Response response = api.as(TestUsers.READER).post("/_security/user/_has_privileges", request);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(new JsonObject().put("username", "reader").put("has_all_requested", false)
        .put("cluster", new JsonObject().put("monitor_inference", true).put("manage_inference", false))
        .put("index", new JsonObject().put("logs", new JsonObject().put("read", false)))
        .put("application", new JsonObject()));
    JsonObject superuser = api.post("/_security/user/elastic/_has_privileges", new JsonObject()
        .put("cluster", new JsonArray().add("manage_security").add("all"))).json();
    assertThat(superuser.getBoolean("has_all_requested")).isTrue();

    assertThat(api.as(TestUsers.READER).post("/_security/user/_has_privileges",
        new JsonObject().put("cluster", new JsonArray().add("fly"))).errorReason())
        .startsWith("unknown cluster privilege [fly].");
    assertError(api.as(TestUsers.READER).post("/_security/user/elastic/_has_privileges", request), 400,
        "illegal_argument_exception", "users may only check the privileges of their own account");
    assertError(api.post("/_security/user/_has_privileges", new JsonObject()), 400,
        "action_request_validation_exception", "Validation Failed: 1: must specify at least one privilege;");
  }

  private static Response authenticate(String user, String password) {
    return api.as(user, password).get("/_security/_authenticate");
  }

  private static Response invalidate(HttpApi as, JsonObject body) {
    return as.send("DELETE", "/_security/api_key", body.encode(), "application/json");
  }

  @Test
  void anotherMethodOnASecurityPathIs405NamingTheAllowedOnes() {
    Response patched = api.send("PATCH", "/_security/api_key", "{}", "application/json");
    assertThat(patched.status()).isEqualTo(405);
    assertThat(patched.json().getString("error")).isEqualTo(
        "Incorrect HTTP method for uri [/_security/api_key] and method [PATCH], allowed: [DELETE, GET, POST, PUT]");
    assertThat(api.delete("/_security/user").status()).isEqualTo(405);
    assertThat(api.delete("/_security/user/someone/_password").json().getString("error"))
        .endsWith("allowed: [POST, PUT]");
    assertThat(api.delete("/_security/privilege/_builtin").status()).isEqualTo(405);
  }

  @Test
  void aUserReadsItsOwnClusterPrivileges() {
    assertThat(api.put("/_security/role/own_privileges_role", new JsonObject()
        .put("cluster", new JsonArray().add("monitor_inference").add("manage_own_api_key"))).status()).isEqualTo(200);
    assertThat(api.put("/_security/user/privileged", new JsonObject().put("password", PASSWORD)
        .put("roles", new JsonArray().add("own_privileges_role").add("inference_admin"))).status()).isEqualTo(200);

    Response own = api.as("privileged", PASSWORD).get("/_security/user/_privileges");
    assertThat(own.status()).isEqualTo(200);
    assertThat(own.json().getJsonArray("cluster"))
        .containsExactly("manage_inference", "manage_own_api_key", "monitor_inference");
    assertThat(own.json().getJsonArray("indices")).isEmpty();
  }
}
