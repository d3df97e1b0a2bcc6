package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.security.AuthenticatedUser;
import io.infergate.security.ClusterAction;
import io.infergate.security.ClusterPrivilege;
import io.infergate.security.IndexPrivilegeNames;
import io.infergate.security.RoleDescriptors;
import io.infergate.security.SecurityService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /_security/privilege/_builtin} (the privilege names Infergate knows) and
 * {@code _has_privileges} (which of the requested privileges the caller holds). Checking one's own
 * privileges needs none, as in Elasticsearch.
 */
final class PrivilegesHandler {

  private static final Set<String> HAS_PRIVILEGES_FIELDS = Set.of("cluster", "index", "application");

  private final SecurityService security;
  private final Authorization authorization;

  PrivilegesHandler(SecurityService security, Authorization authorization) {
    this.security = security;
    this.authorization = authorization;
  }

  /** Mounted before the user routes, which would take {@code _has_privileges} as a user name. */
  void mount(Router router) {
    router.get("/_security/privilege/_builtin").handler(this::builtin);
    router.get("/_security/user/_privileges").handler(this::ownPrivileges);
    router.get("/_security/user/_has_privileges").handler(ctx -> hasPrivileges(ctx, null));
    router.post("/_security/user/_has_privileges").handler(ctx -> hasPrivileges(ctx, null));
    router.get("/_security/user/:username/_has_privileges")
        .handler(ctx -> hasPrivileges(ctx, ctx.pathParam("username")));
    router.post("/_security/user/:username/_has_privileges")
        .handler(ctx -> hasPrivileges(ctx, ctx.pathParam("username")));
  }

  private void builtin(RoutingContext ctx) {
    QueryParameters.requireKnown(ctx, Set.of());
    authorization.require(AuthenticationHandler.user(ctx), ClusterAction.BUILTIN_PRIVILEGES_GET);
    Responses.json(ctx, 200, new JsonObject()
        .put("cluster", new JsonArray(new ArrayList<>(ClusterPrivilege.names())))
        .put("index", new JsonArray(new ArrayList<>(IndexPrivilegeNames.names()))));
  }

  /**
   * {@code GET /_security/user/_privileges}: the caller's own cluster privileges, which any user may
   * read (Elasticsearch's same-user rule); not for an API key, as in Elasticsearch.
   */
  private void ownPrivileges(RoutingContext ctx) {
    QueryParameters.requireKnown(ctx, Set.of());
    AuthenticatedUser caller = AuthenticationHandler.user(ctx);
    if (caller.isApiKey()) {
      throw HttpFailure.of(EsError.illegalArgument("Cannot retrieve privileges for API keys."));
    }
    Responses.json(ctx, 200, new JsonObject()
        .put("cluster", new JsonArray(new ArrayList<>(security.clusterPrivilegeNames(caller))))
        .put("global", new JsonArray()).put("indices", new JsonArray()).put("applications", new JsonArray())
        .put("run_as", new JsonArray()));
  }

  private void hasPrivileges(RoutingContext ctx, String username) {
    QueryParameters.requireKnown(ctx, Set.of());
    AuthenticatedUser caller = AuthenticationHandler.user(ctx);
    if (username != null && !username.equals(caller.username())) {
      throw HttpFailure.of(EsError.illegalArgument("users may only check the privileges of their own account"));
    }
    BodyFields fields = BodyFields.of(RequestBodies.object(ctx), "has privileges request", HAS_PRIVILEGES_FIELDS);
    List<String> cluster = Optional.ofNullable(fields.strings("cluster")).orElse(List.of());
    JsonArray index = array(fields.value("index"), "index");
    JsonArray application = array(fields.value("application"), "application");
    if (cluster.isEmpty() && index.isEmpty() && application.isEmpty()) {
      throw HttpFailure.of(EsError.validation("must specify at least one privilege"));
    }
    boolean all = true;
    JsonObject clusterAnswers = new JsonObject();
    for (String name : cluster) {
      ClusterPrivilege privilege = ClusterPrivilege.named(name.toLowerCase(Locale.ROOT)).orElseThrow(() ->
          HttpFailure.of(EsError.illegalArgument(RoleDescriptors.unknownClusterPrivilege(name))));
      boolean held = security.hasPrivilege(caller, privilege);
      clusterAnswers.put(name, held);
      all &= held;
    }
    // Infergate enforces cluster privileges only: it has no indices or applications, so nothing grants
    // an index or application privilege and every one requested is answered false.
    JsonObject indexAnswers = new JsonObject();
    for (Object request : index) {
      JsonObject entry = entry(request, "index");
      for (String name : strings(entry, "names", "index")) {
        JsonObject privileges = new JsonObject();
        strings(entry, "privileges", "index").forEach(privilege -> privileges.put(privilege, false));
        indexAnswers.put(name, privileges);
        all = all && privileges.isEmpty();
      }
    }
    JsonObject applicationAnswers = new JsonObject();
    for (Object request : application) {
      JsonObject entry = entry(request, "application");
      Object app = entry.getValue("application");
      if (!(app instanceof String appName)) {
        throw BodyFields.parseFailure("failed to parse has privileges request. [application] entries need an "
            + "[application] name");
      }
      JsonObject resources = applicationAnswers.getJsonObject(appName, new JsonObject());
      for (String resource : strings(entry, "resources", "application")) {
        JsonObject privileges = new JsonObject();
        strings(entry, "privileges", "application").forEach(privilege -> privileges.put(privilege, false));
        resources.put(resource, privileges);
        all = all && privileges.isEmpty();
      }
      applicationAnswers.put(appName, resources);
    }
    Responses.json(ctx, 200, new JsonObject()
        .put("username", caller.username())
        .put("has_all_requested", all)
        .put("cluster", clusterAnswers)
        .put("index", indexAnswers)
        .put("application", applicationAnswers));
  }

  private static JsonArray array(Object value, String field) {
    if (value == null) {
      return new JsonArray();
    }
    if (value instanceof JsonArray array) {
      return array;
    }
    throw BodyFields.parseFailure("failed to parse has privileges request. expected field [" + field
        + "] to be an array, but found [" + RoleDescriptors.token(value) + "] instead");
  }

  private static JsonObject entry(Object value, String field) {
    if (value instanceof JsonObject object) {
      return object;
    }
    throw BodyFields.parseFailure("failed to parse has privileges request. expected the entries of [" + field
        + "] to be objects, but found [" + RoleDescriptors.token(value) + "] instead");
  }

  private static List<String> strings(JsonObject entry, String field, String within) {
    Object value = entry.getValue(field);
    if (value instanceof JsonArray array && array.stream().allMatch(String.class::isInstance)) {
      return array.stream().map(String.class::cast).toList();
    }
    throw BodyFields.parseFailure("failed to parse has privileges request. expected field [" + within + "."
        + field + "] to be an array of strings, but found [" + RoleDescriptors.token(value) + "] instead");
  }
}
