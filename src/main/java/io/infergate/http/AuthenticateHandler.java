package io.infergate.http;

import io.infergate.security.AuthenticatedUser;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/** {@code GET /_security/_authenticate}: who the caller is, in Elasticsearch's shape. */
final class AuthenticateHandler implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    QueryParameters.requireKnown(ctx, Set.of());
    AuthenticatedUser user = AuthenticationHandler.user(ctx);
    JsonObject realm = new JsonObject().put("name", user.realmName()).put("type", user.realmType());
    Responses.json(ctx, 200, new JsonObject()
        .put("username", user.username())
        .put("roles", new JsonArray(user.roles()))
        .putNull("full_name")
        .putNull("email")
        .put("metadata", new JsonObject())
        .put("enabled", true)
        .put("authentication_realm", realm)
        .put("lookup_realm", realm.copy())
        .put("authentication_type", "realm"));
  }
}
