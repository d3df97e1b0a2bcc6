package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.bus.NativeUser;
import io.infergate.bus.SecurityLookup;
import io.infergate.bus.SecurityReply;
import io.infergate.bus.SecurityRequest;
import io.infergate.security.AuthenticatedUser;
import io.infergate.security.ClusterAction;
import io.infergate.security.MetadataRules;
import io.infergate.security.NativeNames;
import io.infergate.security.PasswordHashes;
import io.infergate.security.SecurityService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The native realm's users: {@code /_security/user} (put, get, delete), {@code _password},
 * {@code _enable} and {@code _disable}, with Elasticsearch's bodies, messages and privileges. Reads
 * come from this node's view; writes go to the registry, a password always hashed here first (on the
 * hashing pool), so that neither a password nor its hash is ever in a message, a log or an error.
 */
final class UserHandler {

  private static final Set<String> PUT_FIELDS = Set.of("username", "password", "password_hash", "roles",
      "full_name", "email", "metadata", "enabled");
  private static final Set<String> PASSWORD_FIELDS = Set.of("password", "password_hash");
  /** Elasticsearch's {@code Validation.Users.MIN_PASSWD_LENGTH}. */
  static final int MIN_PASSWORD_LENGTH = 6;

  private final SecurityService security;
  private final SecurityLookup lookup;
  private final Authorization authorization;
  private final SecurityWrites writes;

  UserHandler(SecurityService security, SecurityLookup lookup, Authorization authorization, SecurityWrites writes) {
    this.security = security;
    this.lookup = lookup;
    this.authorization = authorization;
    this.writes = writes;
  }

  /** Mounted after {@code _has_privileges}: the named routes would take {@code _password} as a user name. */
  void mount(Router router) {
    router.put("/_security/user/_password").handler(ctx -> changePassword(ctx, null));
    router.post("/_security/user/_password").handler(ctx -> changePassword(ctx, null));
    router.put("/_security/user/:username/_password").handler(ctx -> changePassword(ctx, ctx.pathParam("username")));
    router.post("/_security/user/:username/_password").handler(ctx -> changePassword(ctx, ctx.pathParam("username")));
    for (String state : List.of("_enable", "_disable")) {
      boolean enabled = state.equals("_enable");
      router.put("/_security/user/:username/" + state).handler(ctx -> setEnabled(ctx, enabled));
      router.post("/_security/user/:username/" + state).handler(ctx -> setEnabled(ctx, enabled));
    }
    router.put("/_security/user/:username").handler(this::put);
    router.post("/_security/user/:username").handler(this::put);
    router.get("/_security/user").handler(this::get);
    router.get("/_security/user/:username").handler(this::get);
    router.delete("/_security/user/:username").handler(this::delete);
  }

  private void put(RoutingContext ctx) {
    String username = ctx.pathParam("username");
    SecurityWrites.checkParameters(ctx);
    AuthenticatedUser caller = authorization.require(ctx, ClusterAction.USER_PUT);
    BodyFields fields = BodyFields.of(RequestBodies.object(ctx), "add user request", PUT_FIELDS);
    String password = fields.string("password");
    String passwordHash = fields.string("password_hash");
    checkPasswordOrHash(password, passwordHash);
    String named = fields.string("username");
    if (named != null && !named.equals(username)) {
      throw HttpFailure.of(EsError.illegalArgument(
          "[username] in source does not match the username provided [" + username + "]"));
    }
    List<String> roles = fields.stringsOrCommaList("roles");
    JsonObject metadata = fields.object("metadata");
    Boolean enabled = fields.bool("enabled");
    String fullName = fields.string("full_name");
    String email = fields.string("email");
    List<String> failures = new ArrayList<>();
    if (NativeNames.isReservedUser(username)) {
      failures.add("user [" + username + "] is reserved and only the password can be changed");
    } else {
      NativeNames.userNameError(username).ifPresent(failures::add);
    }
    if (roles == null) {
      failures.add("roles are missing");
    } else {
      roles.forEach(role -> NativeNames.roleNameError(role).ifPresent(failures::add));
    }
    failures.addAll(MetadataRules.failures(metadata, ""));
    if (!failures.isEmpty()) {
      throw HttpFailure.of(EsError.validation(new LinkedHashSet<>(failures).toArray(String[]::new)));
    }
    hash(password, passwordHash)
        .map(hash -> new NativeUser(username, hash, roles, fullName, email, metadata, enabled == null || enabled))
        .compose(user -> writes.<SecurityReply.Created>send(new SecurityRequest.PutUser(user,
            SecurityWrites.timeoutMs(), InferenceHandler.principal(caller))))
        .onSuccess(reply -> Responses.json(ctx, 200, new JsonObject().put("created", reply.created())))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    QueryParameters.requireKnown(ctx, Set.of());
    authorization.require(ctx, ClusterAction.USER_GET);
    String names = ctx.pathParam("username");
    JsonObject users = new JsonObject();
    if (names == null) {
      lookup.users().forEach(user -> users.put(user.username(), user.toJson()));
      Responses.json(ctx, 200, users);
      return;
    }
    for (String name : names.split(",")) {
      lookup.user(name.trim()).ifPresent(user -> users.put(user.username(), user.toJson()));
    }
    // Elasticsearch answers names it does not know with 404 and an empty object, not an error.
    Responses.json(ctx, users.isEmpty() ? 404 : 200, users);
  }

  private void delete(RoutingContext ctx) {
    String username = ctx.pathParam("username");
    SecurityWrites.checkParameters(ctx);
    AuthenticatedUser caller = authorization.require(ctx, ClusterAction.USER_DELETE);
    if (NativeNames.isReservedUser(username)) {
      throw HttpFailure.of(EsError.illegalArgument("user [" + username + "] is reserved and cannot be deleted"));
    }
    writes.delete(ctx, lookup.user(username).isPresent(), new SecurityRequest.DeleteUser(username,
        SecurityWrites.timeoutMs(), InferenceHandler.principal(caller)));
  }

  /**
   * A user may always change its own password, except through an API key (Elasticsearch's rule);
   * another user's needs {@code change_password}. A file-realm user's password lives in
   * {@code conf/users} on every node, which the API does not write.
   */
  private void changePassword(RoutingContext ctx, String named) {
    SecurityWrites.checkParameters(ctx);
    AuthenticatedUser caller = AuthenticationHandler.user(ctx);
    String username = named == null ? caller.username() : named;
    boolean self = username.equals(caller.username()) && !caller.isApiKey();
    if (!self) {
      authorization.require(caller, ClusterAction.USER_CHANGE_PASSWORD);
    }
    if (security.isFileRealmUser(username) && lookup.user(username).isEmpty()) {
      throw HttpFailure.of(EsError.illegalArgument("user [" + username + "] is managed in the file realm: change "
          + "its password in conf/users on every node (scripts/users passwd), not through the API"));
    }
    BodyFields fields = BodyFields.of(RequestBodies.object(ctx), "change password request", PASSWORD_FIELDS);
    String password = fields.string("password");
    String passwordHash = fields.string("password_hash");
    if (password == null && passwordHash == null) {
      throw HttpFailure.of(EsError.validation("password is missing"));
    }
    checkPasswordOrHash(password, passwordHash);
    hash(password, passwordHash)
        .compose(hash -> writes.<SecurityReply.Done>send(new SecurityRequest.ChangePassword(username, hash,
            SecurityWrites.timeoutMs(), InferenceHandler.principal(caller))))
        .onSuccess(done -> Responses.json(ctx, 200, new JsonObject()))
        .onFailure(ctx::fail);
  }

  private void setEnabled(RoutingContext ctx, boolean enabled) {
    String username = ctx.pathParam("username");
    SecurityWrites.checkParameters(ctx);
    AuthenticatedUser caller = authorization.require(ctx, ClusterAction.USER_SET_ENABLED);
    if (username.equals(caller.username())) {
      throw HttpFailure.of(EsError.illegalArgument("users may not update the enabled status of their own account"));
    }
    writes.<SecurityReply.Done>send(new SecurityRequest.SetEnabled(username, enabled, SecurityWrites.timeoutMs(),
            InferenceHandler.principal(caller)))
        .onSuccess(done -> Responses.json(ctx, 200, new JsonObject()))
        .onFailure(ctx::fail);
  }

  /** Elasticsearch's REST-layer checks of a password or a hash (its {@code ValidationException}s). */
  private static void checkPasswordOrHash(String password, String passwordHash) {
    if (password != null && passwordHash != null) {
      throw HttpFailure.of(validationException("password_hash has already been set"));
    }
    if (password != null && password.length() < MIN_PASSWORD_LENGTH) {
      throw HttpFailure.of(validationException("passwords must be at least [" + MIN_PASSWORD_LENGTH
          + "] characters long"));
    }
    if (passwordHash != null && !PasswordHashes.isSupported(passwordHash)) {
      // Never echo the value: it may be a password pasted into the wrong field.
      throw HttpFailure.of(EsError.illegalArgument("The provided password hash is not a hash or it could not be "
          + "resolved to a supported hash algorithm. The supported password hash algorithms are [bcrypt]"));
    }
  }

  /** The hash to store: the password hashed on the hashing pool, the hash as given, or null (keep the current one). */
  private Future<String> hash(String password, String passwordHash) {
    return password != null ? security.hashPassword(password) : Future.succeededFuture(passwordHash);
  }



  /** Elasticsearch's {@code ValidationException}: the type differs from a request's validation. */
  static EsError validationException(String failure) {
    return new EsError(400, "validation_exception", "Validation Failed: 1: " + failure + ";");
  }
}
