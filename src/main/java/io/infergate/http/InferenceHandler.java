package io.infergate.http;

import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import io.infergate.bus.Principal;
import io.infergate.bus.RegistryCommand;
import io.infergate.inference.EndpointRequestParser;
import io.infergate.security.AuthenticatedUser;
import io.infergate.security.InferenceAction;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * The {@code _inference} resource: PUT, GET and DELETE on every route of the Elasticsearch API.
 * Each request is validated (path, parameters, privilege, body) and becomes one registry command.
 */
final class InferenceHandler implements Handler<RoutingContext> {

  private static final Set<String> PUT_PARAMETERS = Set.of("timeout");
  private static final Set<String> DELETE_PARAMETERS = Set.of("dry_run", "force", "timeout");

  private final RegistryClient registry;
  private final Authorization authorization;
  private final EndpointRequestParser parser;

  InferenceHandler(RegistryClient registry, Authorization authorization, EndpointRequestParser parser) {
    this.registry = registry;
    this.authorization = authorization;
    this.parser = parser;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String rawPath = ctx.request().path();
    if (!InferencePath.matches(rawPath)) {
      ctx.next();
      return;
    }
    Future<JsonObject> reply;
    try {
      InferencePath path = InferencePath.parse(rawPath);
      if (path == null) {
        throw RouterVerticle.noHandler(ctx);
      }
      HttpMethod method = ctx.request().method();
      if (method == HttpMethod.GET) {
        reply = get(ctx, path);
      } else if (method == HttpMethod.PUT && path.hasId()) {
        reply = put(ctx, path);
      } else if (method == HttpMethod.DELETE && path.hasId()) {
        reply = delete(ctx, path);
      } else {
        throw wrongMethod(ctx, path);
      }
    } catch (HttpFailure failure) {
      ctx.fail(failure);
      return;
    } catch (EsException failure) {
      ctx.fail(HttpFailure.of(failure.error()));
      return;
    }
    reply.onSuccess(body -> Responses.json(ctx, 200, body)).onFailure(ctx::fail);
  }

  private Future<JsonObject> get(RoutingContext ctx, InferencePath path) {
    QueryParameters.requireKnown(ctx, Set.of());
    String id = path.isList() ? null : path.validId();
    AuthenticatedUser user = authorize(ctx, InferenceAction.GET);
    return registry.send(RegistryCommand.get(path.taskTypeName(), id, principal(user)));
  }

  private Future<JsonObject> put(RoutingContext ctx, InferencePath path) {
    QueryParameters.requireKnown(ctx, PUT_PARAMETERS);
    long timeoutMs = timeout(ctx);
    String id = path.validId();
    AuthenticatedUser user = authorize(ctx, InferenceAction.PUT);
    MediaTypes.requireReadable(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    JsonObject body = RequestBodies.object(ctx);
    EndpointDefinition endpoint = parser.parse(path.taskType(), id, body);
    return registry.send(RegistryCommand.put(endpoint, timeoutMs, principal(user)));
  }

  private Future<JsonObject> delete(RoutingContext ctx, InferencePath path) {
    QueryParameters.requireKnown(ctx, DELETE_PARAMETERS);
    boolean dryRun = QueryParameters.bool(ctx, "dry_run");
    boolean force = QueryParameters.bool(ctx, "force");
    long timeoutMs = timeout(ctx);
    String id = path.validId();
    AuthenticatedUser user = authorize(ctx, InferenceAction.DELETE);
    return registry.send(RegistryCommand.delete(path.taskTypeName(), id, dryRun, force, timeoutMs, principal(user)));
  }

  /** How long a write waits for every node's read view: {@code ?timeout=}, 30 s by default. */
  private static long timeout(RoutingContext ctx) {
    String value = ctx.queryParams().get("timeout");
    return value == null ? RegistryCommand.DEFAULT_TIMEOUT_MS : TimeValues.millis("timeout", value);
  }

  private AuthenticatedUser authorize(RoutingContext ctx, InferenceAction action) {
    AuthenticatedUser user = AuthenticationHandler.user(ctx);
    authorization.require(user, action);
    return user;
  }

  static Principal principal(AuthenticatedUser user) {
    return new Principal(user.username(), user.roles(), user.realmName());
  }

  private static HttpFailure wrongMethod(RoutingContext ctx, InferencePath path) {
    String allowed = path.hasId() ? "DELETE, GET, PUT" : "GET";
    return HttpFailure.plain(405, "Incorrect HTTP method for uri [" + ctx.request().uri() + "] and method ["
        + ctx.request().method() + "], allowed: [" + allowed + "]");
  }

}
