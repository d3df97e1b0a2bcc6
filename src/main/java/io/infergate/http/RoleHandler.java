package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.bus.NativeRole;
import io.infergate.bus.SecurityLookup;
import io.infergate.bus.SecurityReply;
import io.infergate.bus.SecurityRequest;
import io.infergate.security.AuthenticatedUser;
import io.infergate.security.ClusterAction;
import io.infergate.security.RoleDescriptors;
import io.infergate.security.SecurityService;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The native realm's roles: {@code /_security/role} (put, get, delete). The built-in roles are
 * listed with them ({@code metadata._reserved: true}) and can be neither written nor deleted. A role's
 * descriptor is validated by {@link RoleDescriptors}; reads come from this node's view.
 */
final class RoleHandler {

  private final SecurityLookup lookup;
  private final Authorization authorization;
  private final SecurityWrites writes;

  RoleHandler(SecurityLookup lookup, Authorization authorization, SecurityWrites writes) {
    this.lookup = lookup;
    this.authorization = authorization;
    this.writes = writes;
  }

  void mount(Router router) {
    router.put("/_security/role/:name").handler(this::put);
    router.post("/_security/role/:name").handler(this::put);
    router.get("/_security/role").handler(this::get);
    router.get("/_security/role/:name").handler(this::get);
    router.delete("/_security/role/:name").handler(this::delete);
  }

  private void put(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    SecurityWrites.checkParameters(ctx);
    AuthenticatedUser caller = authorization.require(ctx, ClusterAction.ROLE_PUT);
    JsonObject descriptor = RoleDescriptors.parseRole(name, RequestBodies.object(ctx));
    writes.<SecurityReply.Created>send(new SecurityRequest.PutRole(new NativeRole(name, descriptor),
            SecurityWrites.timeoutMs(), InferenceHandler.principal(caller)))
        .onSuccess(reply -> Responses.json(ctx, 200,
            new JsonObject().put("role", new JsonObject().put("created", reply.created()))))
        .onFailure(ctx::fail);
  }

  private void get(RoutingContext ctx) {
    QueryParameters.requireKnown(ctx, Set.of());
    authorization.require(ctx, ClusterAction.ROLE_GET);
    String names = ctx.pathParam("name");
    JsonObject roles = new JsonObject();
    if (names == null) {
      new TreeMap<>(SecurityService.reservedRoles()).forEach(roles::put);
      lookup.roles().forEach(role -> roles.put(role.name(), role.descriptor()));
      Responses.json(ctx, 200, roles);
      return;
    }
    for (String name : names.split(",")) {
      descriptor(name.trim()).ifPresent(descriptor -> roles.put(name.trim(), descriptor));
    }
    // Elasticsearch answers names it does not know with 404 and an empty object, not an error.
    Responses.json(ctx, roles.isEmpty() ? 404 : 200, roles);
  }

  private Optional<JsonObject> descriptor(String name) {
    Map<String, JsonObject> reserved = SecurityService.reservedRoles();
    if (reserved.containsKey(name)) {
      return Optional.of(reserved.get(name));
    }
    return lookup.role(name).map(NativeRole::descriptor);
  }

  private void delete(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    SecurityWrites.checkParameters(ctx);
    AuthenticatedUser caller = authorization.require(ctx, ClusterAction.ROLE_DELETE);
    if (SecurityService.isReservedRole(name)) {
      throw HttpFailure.of(EsError.illegalArgument("role [" + name + "] is reserved and cannot be deleted"));
    }
    writes.delete(ctx, lookup.role(name).isPresent(), new SecurityRequest.DeleteRole(name, SecurityWrites.timeoutMs(),
        InferenceHandler.principal(caller)));
  }

}
