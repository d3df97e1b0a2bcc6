package io.infergate.http;

import io.infergate.bus.ClusterHealth;
import io.infergate.bus.ClusterNodes;
import io.infergate.bus.ClusterRequest;
import io.infergate.bus.EsError;
import io.infergate.bus.NodeStatus;
import io.infergate.security.AuthenticatedUser;
import io.infergate.security.ClusterAction;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@code GET /_cluster/health}, {@code GET /_nodes} and {@code GET /_cat/nodes}: the gateway
 * nodes, which one answered, and whether each one's read view is current. Any user who may read
 * endpoints may read these.
 */
final class ClusterHandler {

  /** Elasticsearch's health colours, worst first. */
  private static final List<String> STATUSES = List.of("red", "yellow", "green");
  private static final long WAIT_POLL_MS = 100;
  /** {@code _cat/health}'s timestamp column: the time of day, UTC. */
  private static final DateTimeFormatter CAT_TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final Vertx vertx;
  private final RegistryClient registry;
  private final Authorization authorization;
  private final NodeIdentity node;
  private final Supplier<Future<JsonObject>> reloadSecureSettings;

  ClusterHandler(Vertx vertx, RegistryClient registry, Authorization authorization, NodeIdentity node,
      Supplier<Future<JsonObject>> reloadSecureSettings) {
    this.reloadSecureSettings = reloadSecureSettings;
    this.vertx = vertx;
    this.registry = registry;
    this.authorization = authorization;
    this.node = node;
  }

  void mount(Router router) {
    router.get("/_cluster/health").handler(this::health);
    router.get("/_nodes").handler(this::nodes);
    router.get("/_cat/nodes").handler(this::catNodes);
    router.get("/_cat/health").handler(this::catHealth);
    router.post("/_nodes/reload_secure_settings").handler(this::reloadSecureSettings);
  }

  /**
   * Every node reads its keystore again (Elasticsearch's API, {@code manage}). A password in the
   * body is refused: a node reads its keystore with the password it started with, and a password
   * is never sent over the cluster.
   */
  private void reloadSecureSettings(RoutingContext ctx) {
    QueryParameters.requireKnown(ctx, Set.of("timeout"));
    authorization.require(AuthenticationHandler.user(ctx), ClusterAction.RELOAD_SECURE_SETTINGS);
    JsonObject body = ctx.body().length() == 0 ? new JsonObject() : RequestBodies.object(ctx);
    if (body.containsKey("secure_settings_password")) {
      throw HttpFailure.of(EsError.illegalArgument("[secure_settings_password] is not supported: each node reads "
          + "its keystore with the password it was started with (INFERGATE_KEYSTORE_PASSWORD)"));
    }
    reloadSecureSettings.get().onSuccess(reply -> Responses.json(ctx, 200, reply)).onFailure(ctx::fail);
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
    registry.<ClusterHealth>send(new ClusterRequest.Health(principal(ctx))).map(ReplyJson::health).onSuccess(health -> {
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
    registry.<ClusterNodes>send(new ClusterRequest.Nodes(principal(ctx))).onSuccess(reply -> {
      JsonObject nodes = new JsonObject();
      for (NodeStatus status : reply.nodes()) {
        nodes.put(status.id(), new JsonObject()
            .put("name", status.name())
            .put("http", new JsonObject().put("publish_address", status.httpAddress()))
            .put("roles", new JsonArray().add("gateway"))
            .put("infergate", new JsonObject()
                .put("this_node", node.nodeName().equals(status.name()))
                .put("serving", status.serving())
                .put("view_revision", status.answered() ? status.viewRevision() : null)
                .put("view_endpoints", status.answered() ? status.viewEndpoints() : null)
                .put("view_current", status.viewCurrent())));
      }
      long answered = reply.nodes().stream().filter(NodeStatus::answered).count();
      Responses.json(ctx, 200, new JsonObject()
          .put("_nodes", new JsonObject().put("total", reply.nodes().size()).put("successful", answered)
              .put("failed", reply.nodes().size() - answered))
          .put("cluster_name", reply.clusterName())
          .put("revision", reply.revision())
          .put("nodes", nodes));
    }).onFailure(ctx::fail);
  }

  /**
   * Elasticsearch's {@code _cat/health} columns, its shard figures those of a cluster without shards:
   * a text table ({@code ?v} adds the header line, {@code ?ts=false} drops the time columns,
   * {@code ?h=} picks columns), or {@code ?format=json}, an array of one row of strings.
   */
  private void catHealth(RoutingContext ctx) {
    QueryParameters.requireKnown(ctx, Set.of("format", "v", "h", "s", "ts", "local", "master_timeout"));
    registry.<ClusterHealth>send(new ClusterRequest.Health(principal(ctx))).onSuccess(health -> {
      Instant now = Instant.now();
      boolean time = !"false".equals(ctx.queryParams().get("ts"));
      Map<String, String> row = new LinkedHashMap<>();
      if (time) {
        row.put("epoch", String.valueOf(now.getEpochSecond()));
        row.put("timestamp", CAT_TIME.format(now));
      }
      row.put("cluster", health.clusterName());
      row.put("status", health.status());
      row.put("node.total", String.valueOf(health.numberOfNodes()));
      row.put("node.data", String.valueOf(health.numberOfNodes()));
      for (String shards : List.of("shards", "pri", "relo", "init", "unassign", "unassign.pri", "pending_tasks")) {
        row.put(shards, "0");
      }
      row.put("max_task_wait_time", "-");
      row.put("active_shards_percent", "100.0%");
      String wanted = ctx.queryParams().get("h");
      if (wanted != null) {
        List<String> columns = Arrays.stream(wanted.split(",")).map(String::trim).toList();
        for (String column : columns) {
          if (!row.containsKey(column)) {
            throw HttpFailure.of(EsError.illegalArgument("header [" + column + "] is not a _cat/health column"));
          }
        }
        row.keySet().retainAll(columns);
      }
      if ("json".equals(ctx.queryParams().get("format"))) {
        JsonObject json = new JsonObject();
        row.forEach(json::put);
        Responses.json(ctx, 200, new JsonArray().add(json));
        return;
      }
      catText(ctx, row);
    }).onFailure(ctx::fail);
  }

  /** One row as Elasticsearch's _cat writes it: columns as wide as their widest cell, headers left and numbers right-aligned. */
  private static void catText(RoutingContext ctx, Map<String, String> row) {
    boolean header = ctx.queryParams().contains("v");
    StringBuilder head = new StringBuilder();
    StringBuilder line = new StringBuilder();
    row.forEach((column, value) -> {
      int width = Math.max(value.length(), header ? column.length() : 0);
      boolean right = !value.isEmpty() && (Character.isDigit(value.charAt(0)) || value.equals("-"))
          && !column.equals("timestamp");
      String format = "%" + (right ? "" : "-") + width + "s ";
      head.append(String.format("%-" + width + "s ", column));
      line.append(String.format(format, value));
    });
    String text = (header ? head.toString().stripTrailing() + "\n" : "") + line.toString().stripTrailing() + "\n";
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=UTF-8")
        .putHeader("X-Elastic-Product", "Elasticsearch").end(text);
  }

  /** A text table, or JSON with {@code ?format=json}; {@code ?v} adds the header line. */
  private void catNodes(RoutingContext ctx) {
    QueryParameters.requireKnown(ctx, Set.of("format", "v", "h", "s"));
    registry.<ClusterNodes>send(new ClusterRequest.Nodes(principal(ctx))).onSuccess(reply -> {
      JsonArray rows = new JsonArray();
      for (NodeStatus status : reply.nodes()) {
        rows.add(new JsonObject()
            .put("name", status.answered() ? status.name() : status.id())
            .put("http", status.answered() ? status.httpAddress() : "")
            .put("this", node.nodeName().equals(status.name()) ? "*" : "-")
            .put("serving", String.valueOf(status.serving()))
            .put("view_revision", String.valueOf(status.answered() ? status.viewRevision() : -1L))
            .put("view_current", String.valueOf(status.viewCurrent())));
      }
      if ("json".equals(ctx.queryParams().get("format"))) {
        // Elasticsearch's _cat APIs answer format=json with a top-level array of rows.
        Responses.json(ctx, 200, rows);
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
    authorization.require(user, ClusterAction.GET);
    return InferenceHandler.principal(user);
  }
}
