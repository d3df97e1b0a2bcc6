package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.bus.RegistryCommand;
import io.infergate.security.AuthenticatedUser;
import io.infergate.security.InferenceAction;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code GET /_cluster/health}, {@code GET /_nodes} and {@code GET /_cat/nodes}: the gateway
 * nodes, which one answered, and whether each one's read view is current. Any user who may read
 * endpoints may read these.
 */
final class ClusterHandler {

  /** Elasticsearch's health colours, worst first. */
  private static final List<String> STATUSES = List.of("red", "yellow", "green");
  private static final long WAIT_POLL_MS = 100;

  private final Vertx vertx;
  private final RegistryClient registry;
  private final Authorization authorization;
  private final NodeIdentity node;

  ClusterHandler(Vertx vertx, RegistryClient registry, Authorization authorization, NodeIdentity node) {
    this.vertx = vertx;
    this.registry = registry;
    this.authorization = authorization;
    this.node = node;
  }

  void mount(Router router) {
    router.get("/_cluster/health").handler(this::health);
    router.get("/_nodes").handler(this::nodes);
    router.get("/_cat/nodes").handler(this::catNodes);
  }

  /**
   * With {@code wait_for_status}, answers once the status is at least that good, or when
   * {@code timeout} (30s) has passed: then with {@code "timed_out": true} and 408, as Elasticsearch.
   */
  private void health(RoutingContext ctx) {
    QueryParameters.requireKnown(ctx, Set.of("timeout", "local", "level", "wait_for_status", "master_timeout"));
    String waitFor = ctx.queryParams().get("wait_for_status");
    int wanted = waitFor == null ? 0 : STATUSES.indexOf(waitFor.trim().toLowerCase(Locale.ROOT));
    if (wanted < 0) {
      throw HttpFailure.of(EsError.illegalArgument("unknown cluster health status [" + waitFor + "]"));
    }
    String timeout = ctx.queryParams().get("timeout");
    long deadline = System.currentTimeMillis() + (timeout == null ? 30_000 : TimeValues.millis("timeout", timeout));
    awaitHealth(ctx, wanted, deadline);
  }

  private void awaitHealth(RoutingContext ctx, int wanted, long deadline) {
    registry.send(RegistryCommand.cluster(RegistryCommand.Op.HEALTH, principal(ctx))).onSuccess(health -> {
      String status = health.getString("status");
      if (STATUSES.indexOf(status) >= wanted) {
        Responses.json(ctx, "red".equals(status) ? 503 : 200, health);
      } else if (System.currentTimeMillis() >= deadline) {
        Responses.json(ctx, 408, health.put("timed_out", true));
      } else if (!ctx.response().closed()) {
        vertx.setTimer(WAIT_POLL_MS, fired -> awaitHealth(ctx, wanted, deadline));
      }
    }).onFailure(ctx::fail);
  }

  private void nodes(RoutingContext ctx) {
    QueryParameters.requireKnown(ctx, Set.of("timeout"));
    registry.send(RegistryCommand.cluster(RegistryCommand.Op.NODES, principal(ctx))).onSuccess(reply -> {
      JsonObject nodes = new JsonObject();
      JsonArray members = reply.getJsonArray("nodes");
      members.forEach(member -> {
        JsonObject status = (JsonObject) member;
        nodes.put(status.getString("id"), new JsonObject()
            .put("name", status.getString("name"))
            .put("http", new JsonObject().put("publish_address", status.getString("http_address")))
            .put("roles", new JsonArray().add("gateway"))
            .put("infergate", new JsonObject()
                .put("this_node", node.nodeName().equals(status.getString("name")))
                .put("serving", status.getBoolean("serving"))
                .put("view_revision", status.getLong("view_revision"))
                .put("view_endpoints", status.getInteger("view_endpoints"))
                .put("view_current", status.getBoolean("view_current"))));
      });
      long answered = members.stream().filter(m -> ((JsonObject) m).containsKey("name")).count();
      Responses.json(ctx, 200, new JsonObject()
          .put("_nodes", new JsonObject().put("total", members.size()).put("successful", answered)
              .put("failed", members.size() - answered))
          .put("cluster_name", reply.getString("cluster_name"))
          .put("revision", reply.getLong("revision"))
          .put("nodes", nodes));
    }).onFailure(ctx::fail);
  }

  /** A text table, or JSON with {@code ?format=json}; {@code ?v} adds the header line. */
  private void catNodes(RoutingContext ctx) {
    QueryParameters.requireKnown(ctx, Set.of("format", "v", "h", "s"));
    registry.send(RegistryCommand.cluster(RegistryCommand.Op.NODES, principal(ctx))).onSuccess(reply -> {
      JsonArray rows = new JsonArray();
      reply.getJsonArray("nodes").forEach(member -> {
        JsonObject status = (JsonObject) member;
        rows.add(new JsonObject()
            .put("name", status.getString("name", status.getString("id")))
            .put("http", status.getString("http_address", ""))
            .put("this", node.nodeName().equals(status.getString("name")) ? "*" : "-")
            .put("serving", String.valueOf(status.getBoolean("serving", false)))
            .put("view_revision", String.valueOf(status.getLong("view_revision", -1L)))
            .put("view_current", String.valueOf(status.getBoolean("view_current", false))));
      });
      if ("json".equals(ctx.queryParams().get("format"))) {
        Responses.json(ctx, 200, new JsonObject().put("nodes", rows));
        return;
      }
      StringBuilder text = new StringBuilder();
      if (ctx.queryParams().contains("v")) {
        text.append(String.format("%-16s %-22s %-4s %-7s %-13s %s%n", "name", "http", "this", "serving",
            "view_revision", "view_current"));
      }
      rows.forEach(row -> {
        JsonObject r = (JsonObject) row;
        text.append(String.format("%-16s %-22s %-4s %-7s %-13s %s%n", r.getString("name"), r.getString("http"),
            r.getString("this"), r.getString("serving"), r.getString("view_revision"), r.getString("view_current")));
      });
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8")
          .putHeader("X-Elastic-Product", "Elasticsearch").end(text.toString());
    }).onFailure(ctx::fail);
  }

  private io.infergate.bus.Principal principal(RoutingContext ctx) {
    AuthenticatedUser user = AuthenticationHandler.user(ctx);
    authorization.require(user, InferenceAction.GET);
    return InferenceHandler.principal(user);
  }
}
