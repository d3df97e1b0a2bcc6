package io.infergate.http;

import io.infergate.bus.DeleteResult;
import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EndpointList;
import io.infergate.bus.EndpointLookup;
import io.infergate.bus.EndpointRequest;
import io.infergate.bus.EsException;
import io.infergate.bus.Principal;
import io.infergate.bus.RegistryRequest;
import io.infergate.inference.EndpointRequestParser;
import io.infergate.inference.ServiceCatalog;
import io.infergate.security.AuthenticatedUser;
import io.infergate.security.ClusterAction;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * The {@code _inference} resource: every route of {@link InferencePath}. Each request is
 * validated (path, parameters, privilege, body) and becomes a registry command.
 */
final class InferenceHandler implements Handler<RoutingContext> {

  /** {@code include_revision} is Infergate's own: Elasticsearch's clients never send it. */
  private static final Set<String> GET_PARAMETERS = Set.of("include_revision");
  private static final Set<String> WRITE_PARAMETERS = Set.of("timeout");
  private static final Set<String> DELETE_PARAMETERS = Set.of("dry_run", "force", "timeout");

  private final RegistryClient registry;
  private final EndpointLookup endpoints;
  private final Authorization authorization;
  private final EndpointRequestParser parser;
  private final ReferenceRequests references;
  private final EventStreamHandler events;
  private final PerformHandler perform;
  private final StatsHandler stats;
  private final ServiceCatalog catalog;

  InferenceHandler(RegistryClient registry, EndpointLookup endpoints, Authorization authorization,
      ServiceCatalog catalog, EventStreamHandler events, PerformHandler perform, StatsHandler stats) {
    this.registry = registry;
    this.endpoints = endpoints;
    this.authorization = authorization;
    this.catalog = catalog;
    this.parser = new EndpointRequestParser(catalog);
    this.references = new ReferenceRequests(registry);
    this.events = events;
    this.perform = perform;
    this.stats = stats;
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
      // Matched on the raw path, not by a named route: the HTTP meters learn the template here.
      ctx.request().routed(path.template());
      reply = route(ctx, path, ctx.request().method());
    } catch (HttpFailure | EsException failure) {
      ctx.fail(failure);
      return;
    }
    if (reply != null) {
      reply.onSuccess(body -> Responses.json(ctx, 200, body)).onFailure(ctx::fail);
    }
  }

  /** The reply to send, or null when the handler answers by itself (the event stream, perform, _services). */
  private Future<JsonObject> route(RoutingContext ctx, InferencePath path, HttpMethod method) {
    switch (path.kind()) {
      case LIST, ENDPOINT -> {
        if (method == HttpMethod.GET) {
          return get(ctx, path);
        }
        boolean named = path.kind() == InferencePath.Kind.ENDPOINT;
        if (method == HttpMethod.PUT && named) {
          return put(ctx, path);
        }
        if (method == HttpMethod.DELETE && named) {
          return delete(ctx, path);
        }
        if (method == HttpMethod.POST && named && !path.isList()) {
          authorization.require(ctx, ClusterAction.INFER);
          perform.perform(ctx, path.taskType(), path.existingId(), false);
          return null;
        }
        throw wrongMethod(ctx, named ? "DELETE, GET, POST, PUT" : "GET");
      }
      case STREAM -> {
        if (method != HttpMethod.POST) {
          throw wrongMethod(ctx, "POST");
        }
        authorization.require(ctx, ClusterAction.INFER);
        perform.perform(ctx, path.taskType(), path.existingId(), true);
        return null;
      }
      case SERVICES -> {
        if (method != HttpMethod.GET) {
          throw wrongMethod(ctx, "GET");
        }
        QueryParameters.requireKnown(ctx, Set.of());
        authorization.require(ctx, ClusterAction.GET);
        Responses.json(ctx, 200, catalog.describe(path.taskType()));
        return null;
      }
      case STATS -> {
        if (method != HttpMethod.GET) {
          throw wrongMethod(ctx, "GET");
        }
        QueryParameters.requireKnown(ctx, Set.of());
        authorization.require(ctx, ClusterAction.GET);
        return stats.stats(path.taskType(), path.existingId());
      }
      case UPDATE -> {
        if (method == HttpMethod.PUT || method == HttpMethod.POST) {
          return update(ctx, path);
        }
        throw wrongMethod(ctx, "POST, PUT");
      }
      case REFERENCES -> {
        if (method == HttpMethod.GET) {
          QueryParameters.requireKnown(ctx, Set.of());
          String id = path.existingId();
          return references.list(id, principal(authorization.require(ctx, ClusterAction.GET)));
        }
        throw wrongMethod(ctx, "GET");
      }
      case REFERENCE -> {
        if (method != HttpMethod.PUT && method != HttpMethod.DELETE) {
          throw wrongMethod(ctx, "DELETE, PUT");
        }
        QueryParameters.requireKnown(ctx, Set.of());
        String id = path.existingId();
        Principal principal = principal(authorization.require(ctx, ClusterAction.REFERENCE));
        return method == HttpMethod.PUT ? references.add(id, path.holder(), principal)
            : references.remove(id, path.holder(), principal);
      }
      case EVENTS -> {
        if (method != HttpMethod.GET) {
          throw wrongMethod(ctx, "GET");
        }
        AuthenticatedUser user = authorization.require(ctx, ClusterAction.GET);
        events.handle(ctx, principal(user), authorization.allows(user, ClusterAction.REFERENCE));
        return null;
      }
      default -> throw RouterVerticle.noHandler(ctx);
    }
  }

  private Future<JsonObject> get(RoutingContext ctx, InferencePath path) {
    QueryParameters.requireKnown(ctx, GET_PARAMETERS);
    boolean withRevisions = QueryParameters.bool(ctx, "include_revision");
    String id = path.isList() ? null : path.existingId();
    AuthenticatedUser user = authorization.require(ctx, ClusterAction.GET);
    if (id != null) {
      // This node's view, which the registry would read too: no hop to its verticle and back.
      EndpointList found = new EndpointList(List.of(endpoints.current(id, path.taskTypeName())));
      return Future.succeededFuture(ReplyJson.endpoints(found, withRevisions));
    }
    return registry.<EndpointList>send(new EndpointRequest.Get(path.taskTypeName(), null, principal(user)))
        .map(found -> ReplyJson.endpoints(found, withRevisions));
  }

  private Future<JsonObject> put(RoutingContext ctx, InferencePath path) {
    QueryParameters.requireKnown(ctx, WRITE_PARAMETERS);
    long timeoutMs = timeout(ctx);
    String id = path.validId();
    AuthenticatedUser user = authorization.require(ctx, ClusterAction.PUT);
    JsonObject body = RequestBodies.object(ctx);
    EndpointDefinition endpoint = parser.parse(path.taskType(), id, body);
    return registry.<EndpointDefinition>write(new EndpointRequest.Put(endpoint, timeoutMs, principal(user)), timeoutMs)
        .map(ReplyJson::endpoint);
  }

  /** Reads the endpoint to learn its service, validates the changes for it, then updates. */
  private Future<JsonObject> update(RoutingContext ctx, InferencePath path) {
    QueryParameters.requireKnown(ctx, WRITE_PARAMETERS);
    long timeoutMs = timeout(ctx);
    String id = path.existingId();
    AuthenticatedUser user = authorization.require(ctx, ClusterAction.UPDATE);
    JsonObject body = RequestBodies.object(ctx);
    Principal principal = principal(user);
    return registry.<EndpointList>send(new EndpointRequest.Get(path.taskTypeName(), id, principal)).compose(found -> {
      EndpointDefinition current = found.endpoints().get(0);
      EndpointDefinition changes = parser.parseUpdate(current.service(), current.taskType(), id, body);
      return registry.<EndpointDefinition>write(
          new EndpointRequest.Update(path.taskTypeName(), changes, timeoutMs, principal), timeoutMs);
    }).map(ReplyJson::endpoint);
  }

  private Future<JsonObject> delete(RoutingContext ctx, InferencePath path) {
    QueryParameters.requireKnown(ctx, DELETE_PARAMETERS);
    boolean dryRun = QueryParameters.bool(ctx, "dry_run");
    boolean force = QueryParameters.bool(ctx, "force");
    long timeoutMs = timeout(ctx);
    String id = path.existingId();
    AuthenticatedUser user = authorization.require(ctx, ClusterAction.DELETE);
    return registry.<DeleteResult>write(
        new EndpointRequest.Delete(path.taskTypeName(), id, dryRun, force, timeoutMs, principal(user)), timeoutMs)
        .map(ReplyJson::delete);
  }

  /** How long a write waits for every node's read view: {@code ?timeout=}, 30 s by default. */
  private static long timeout(RoutingContext ctx) {
    String value = ctx.queryParams().get("timeout");
    return value == null ? RegistryRequest.DEFAULT_TIMEOUT_MS : TimeValues.millis("timeout", value);
  }


  static Principal principal(AuthenticatedUser user) {
    return new Principal(user.username(), user.roles(), user.realmName());
  }

  private static HttpFailure wrongMethod(RoutingContext ctx, String allowed) {
    return MethodNotAllowed.of(ctx, allowed);
  }
}
