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
    JsonObject body = new JsonObject()
        .put("username", user.username())
        .put("roles", new JsonArray(user.roles()))
        .put("full_name", user.fullName())
        .put("email", user.email())
        .put("metadata", user.metadata())
        .put("enabled", true)
        .put("authentication_realm", realm)
        .put("lookup_realm", realm.copy())
        .put("authentication_type", user.authenticationType());
    if (user.isApiKey()) {
      // managed_by and internal as Elasticsearch 8.14+ writes them: elasticsearch-java requires managed_by.
      body.put("api_key", new JsonObject().put("id", user.apiKey().id()).put("name", user.apiKey().name())
          .put("managed_by", "elasticsearch").put("internal", false));
    }
    Responses.json(ctx, 200, body);
  }
}
