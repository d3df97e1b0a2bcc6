package io.infergate.http;

import io.infergate.bus.ApiKey;
import io.infergate.bus.EsError;
import io.infergate.bus.SecurityLookup;
import io.infergate.bus.SecurityReply;
import io.infergate.bus.SecurityRequest;
import io.infergate.security.ApiKeySecrets;
import io.infergate.security.AuthenticatedUser;
import io.infergate.security.ClusterAction;
import io.infergate.security.MetadataRules;
import io.infergate.security.RoleDescriptors;
import io.infergate.security.SecurityService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * {@code /_security/api_key}: create, get, invalidate, with Elasticsearch's bodies, validation and
 * privileges. A new key's secret is shown once, in the create response; only its hash is stored.
 * Keys are read from this node's view; an invalidation names the keys this node's view selected.
 *
 * <p>{@code manage_own_api_key} reaches only the caller's keys (same user name and realm): a request
 * that could reach others' keys is 403, even if nothing of theirs would match. An API key may always
 * get itself by id.
 */
final class ApiKeyHandler {

  private static final Set<String> CREATE_FIELDS = Set.of("name", "expiration", "role_descriptors", "metadata");
  private static final Set<String> INVALIDATE_FIELDS = Set.of("ids", "name", "username", "realm_name", "owner");
  private static final Set<String> GET_PARAMETERS = Set.of("id", "name", "username", "realm_name", "owner",
      "with_limited_by", "active_only");
  private static final int MAX_NAME_LENGTH = 256;

  private final SecurityService security;
  private final SecurityLookup lookup;
  private final Authorization authorization;
  private final SecurityWrites writes;
  private final Clock clock;

  ApiKeyHandler(SecurityService security, SecurityLookup lookup, Authorization authorization, SecurityWrites writes,
      Clock clock) {
    this.security = security;
    this.lookup = lookup;
    this.authorization = authorization;
    this.writes = writes;
    this.clock = clock;
  }

  void mount(Router router) {
    router.put("/_security/api_key").handler(this::create);
    router.post("/_security/api_key").handler(this::create);
    router.get("/_security/api_key").handler(this::get);
    router.delete("/_security/api_key").handler(this::invalidate);
  }

  private void create(RoutingContext ctx) {
    SecurityWrites.checkParameters(ctx);
    AuthenticatedUser caller = AuthenticationHandler.user(ctx);
    authorization.require(caller, ClusterAction.API_KEY_CREATE);
    BodyFields fields = BodyFields.of(RequestBodies.object(ctx), "create api key request", CREATE_FIELDS);
    String name = fields.string("name");
    String expiration = fields.string("expiration");
    JsonObject metadata = fields.object("metadata");
    JsonObject roleDescriptors = fields.has("role_descriptors")
        ? RoleDescriptors.parseApiKeyRoles(fields.value("role_descriptors")) : null;
    List<String> failures = new ArrayList<>();
    if (name == null || name.isEmpty()) {
      failures.add("api key name is required");
    } else {
      if (name.length() > MAX_NAME_LENGTH) {
        failures.add("api key name may not be more than " + MAX_NAME_LENGTH + " characters long");
      }
      if (!name.equals(name.strip())) {
        failures.add("api key name may not begin or end with whitespace");
      }
      if (name.startsWith("_")) {
        failures.add("api key name may not begin with an underscore");
      }
    }
    failures.addAll(MetadataRules.failures(metadata, "API key "));
    if (!failures.isEmpty()) {
      throw HttpFailure.of(EsError.validation(failures.toArray(String[]::new)));
    }
    Long lifetime = expiration == null ? null : TimeValues.millis("expiration", expiration);
    if (caller.isApiKey() && (roleDescriptors == null || roleDescriptors.isEmpty()
        || !roleDescriptors.fieldNames().stream().allMatch(role ->
            RoleDescriptors.grantsNothing(roleDescriptors.getJsonObject(role))))) {
      throw HttpFailure.of(EsError.illegalArgument(
          "creating derived api keys requires an explicit role descriptor that is empty (has no privileges)"));
    }
    ApiKeySecrets.NewKey secrets = ApiKeySecrets.create();
    long now = clock.millis();
    Long expiresAt = lifetime == null ? null : now + lifetime;
    ApiKey key = new ApiKey(secrets.id(), name, secrets.hash(), now, expiresAt, false, null, caller.username(),
        ownerRealm(caller), ownerRealmType(caller), metadata, roleDescriptors, security.roleDescriptorsOf(caller));
    writes.<SecurityReply.Done>send(new SecurityRequest.CreateApiKey(key, SecurityWrites.timeoutMs(),
            InferenceHandler.principal(caller)))
        .onSuccess(done -> {
          ctx.put(AuditHandler.API_KEY_ID_KEY, secrets.id());
          JsonObject created = new JsonObject().put("id", secrets.id()).put("name", name);
          if (expiresAt != null) {
            created.put("expiration", expiresAt);
          }
          Responses.json(ctx, 200, created.put("api_key", secrets.secret()).put("encoded", secrets.encoded()));
        })
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    QueryParameters.requireKnown(ctx, GET_PARAMETERS);
    String id = text(ctx.queryParams().get("id"));
    String name = text(ctx.queryParams().get("name"));
    String username = text(ctx.queryParams().get("username"));
    String realmName = text(ctx.queryParams().get("realm_name"));
    boolean owner = QueryParameters.bool(ctx, "owner");
    boolean withLimitedBy = QueryParameters.bool(ctx, "with_limited_by");
    boolean activeOnly = QueryParameters.bool(ctx, "active_only");
    List<String> failures = new ArrayList<>();
    if ((id != null || name != null) && (username != null || realmName != null)) {
      failures.add("username or realm name must not be specified when the api key id or api key name is specified");
    }
    if (owner && (username != null || realmName != null)) {
      failures.add("neither username nor realm-name may be specified when retrieving owned API keys");
    }
    if (id != null && name != null) {
      failures.add("only one of [api key id, api key name] can be specified");
    }
    if (!failures.isEmpty()) {
      throw HttpFailure.of(EsError.validation(failures.toArray(String[]::new)));
    }
    AuthenticatedUser caller = AuthenticationHandler.user(ctx);
    ApiKeySelection selection = new ApiKeySelection(id == null ? null : List.of(id), name, username, realmName, owner);
    // Elasticsearch's same-user rule: a key may read itself (without its owner's limits) with no privilege.
    boolean itself = caller.isApiKey() && caller.apiKey().id().equals(id) && !withLimitedBy;
    if (!itself) {
      requireReach(caller, selection, ClusterAction.API_KEY_GET);
    }
    ApiKeySelection.Owner self = ApiKeySelection.Owner.of(caller);
    long now = clock.millis();
    JsonArray keys = new JsonArray();
    lookup.apiKeys().stream()
        .filter(key -> selection.matches(key, self))
        .filter(key -> !activeOnly || (!key.invalidated() && !key.isExpiredAt(now)))
        .forEach(key -> keys.add(key.toJson(withLimitedBy)));
    // Elasticsearch answers an unknown id with 404 and an empty list; a search finding nothing is 200.
    Responses.json(ctx, id != null && keys.isEmpty() ? 404 : 200, new JsonObject().put("api_keys", keys));
  }

  private void invalidate(RoutingContext ctx) {
    SecurityWrites.checkParameters(ctx);
    AuthenticatedUser caller = AuthenticationHandler.user(ctx);
    JsonObject body = RequestBodies.object(ctx);
    for (String field : body.fieldNames()) {
      if (!INVALIDATE_FIELDS.contains(field)) {
        throw HttpFailure.of(EsError.badRequest("x_content_parse_exception",
            "[invalidate_api_key] unknown field [" + field + "]"));
      }
    }
    BodyFields fields = BodyFields.of(body, "invalidate api key request", INVALIDATE_FIELDS);
    List<String> ids = fields.strings("ids");
    checkIds(ids);
    String name = text(fields.string("name"));
    String username = text(fields.string("username"));
    String realmName = text(fields.string("realm_name"));
    boolean owner = Boolean.TRUE.equals(fields.bool("owner"));
    List<String> failures = new ArrayList<>();
    if (ids == null && name == null && username == null && realmName == null && !owner) {
      failures.add("One of [api key id(s), api key name, username, realm name] must be specified if [owner] flag "
          + "is false");
    }
    if ((ids != null || name != null) && (username != null || realmName != null)) {
      failures.add("username or realm name must not be specified when the api key id(s) or api key name are "
          + "specified");
    }
    if (owner && (username != null || realmName != null)) {
      failures.add("neither username nor realm-name may be specified when invalidating owned API keys");
    }
    if (ids != null && name != null) {
      failures.add("only one of [api key id(s), api key name] can be specified");
    }
    if (!failures.isEmpty()) {
      throw HttpFailure.of(EsError.validation(failures.toArray(String[]::new)));
    }
    ApiKeySelection selection = new ApiKeySelection(ids, name, username, realmName, owner);
    // A key may invalidate itself with manage_own_api_key, as Elasticsearch allows, but not without it.
    boolean itself = caller.isApiKey() && ids != null && ids.equals(List.of(caller.apiKey().id()));
    if (itself) {
      authorization.require(caller, ClusterAction.API_KEY_INVALIDATE);
    } else {
      requireReach(caller, selection, ClusterAction.API_KEY_INVALIDATE);
    }
    ApiKeySelection.Owner self = ApiKeySelection.Owner.of(caller);
    List<String> chosen = lookup.apiKeys().stream().filter(key -> selection.matches(key, self)).map(ApiKey::id)
        .toList();
    if (chosen.isEmpty()) {
      Responses.json(ctx, 200, invalidated(new SecurityReply.Invalidated(List.of(), List.of(), List.of(), true)));
      return;
    }
    writes.<SecurityReply.Invalidated>send(new SecurityRequest.InvalidateApiKeys(chosen, SecurityWrites.timeoutMs(),
            InferenceHandler.principal(caller)))
        .onSuccess(reply -> Responses.json(ctx, 200, invalidated(reply)))
        .onFailure(ctx::fail);
  }

  /** 403 without the action; 403 too when only own keys are allowed and the selection is not limited to them. */
  private void requireReach(AuthenticatedUser caller, ApiKeySelection selection, ClusterAction action) {
    authorization.require(caller, action);
    if (!security.reachesEveryKey(caller, action)
        && !selection.isOwnedBy(ApiKeySelection.Owner.of(caller))) {
      throw OwnApiKeysOnly.denial(caller, action);
    }
  }

  /** Elasticsearch's checks of {@code ids}, made as it builds the request. */
  private static void checkIds(List<String> ids) {
    if (ids == null) {
      return;
    }
    if (ids.isEmpty()) {
      throw HttpFailure.of(EsError.illegalArgument("Field [ids] cannot be an empty array"));
    }
    List<Integer> blank = IntStream.range(0, ids.size()).filter(i -> ids.get(i).isBlank()).boxed().toList();
    if (!blank.isEmpty()) {
      String positions = blank.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElseThrow();
      throw HttpFailure.of(EsError.illegalArgument(blank.size() == 1
          ? "Field [ids] must not contain blank id, but got blank id at index position: [" + positions + "]"
          : "Field [ids] must not contain blank id, but got blank ids at index positions: [" + positions + "]"));
    }
  }

  private static JsonObject invalidated(SecurityReply.Invalidated reply) {
    JsonObject json = new JsonObject()
        .put("invalidated_api_keys", new JsonArray(new ArrayList<>(reply.invalidated())))
        .put("previously_invalidated_api_keys", new JsonArray(new ArrayList<>(reply.previouslyInvalidated())))
        .put("error_count", reply.errors().size());
    if (!reply.errors().isEmpty()) {
      JsonArray details = new JsonArray();
      reply.errors().forEach(error -> details.add(new JsonObject().put("type", error.type())
          .put("reason", error.reason())));
      json.put("error_details", details);
    }
    return json;
  }

  /**
   * The realm a new key's owner is in: the caller's, and for a key made with an API key the realm of
   * that key's owner (the key realm is not an owner: keys are always owned by a user).
   */
  private static String ownerRealm(AuthenticatedUser caller) {
    return ApiKeySelection.Owner.of(caller).realm();
  }

  private String ownerRealmType(AuthenticatedUser caller) {
    if (!caller.isApiKey()) {
      return caller.realmType();
    }
    return lookup.apiKey(caller.apiKey().id()).map(ApiKey::realmType).orElse(null);
  }

  /** A parameter with text, or null: Elasticsearch treats an empty one as absent. */
  private static String text(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
