package io.infergate.http;

import io.infergate.metrics.NodeStatsGathering;
import io.infergate.security.ClusterAction;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /_nodes/stats} and {@code GET /_nodes/{node_id}/stats}: every selected gateway's figures
 * in Elasticsearch's shape ({@code _nodes}, {@code cluster_name}, {@code nodes} by id), the same
 * figures {@code /_prometheus/metrics} renders, for {@code monitor} or {@code monitor_inference}.
 * Nodes are selected as Elasticsearch selects them: ids or names (with {@code *}), {@code _local},
 * {@code _all}, comma-separated; a selector that matches none gives an empty {@code nodes} and a
 * total of 0, not an error.
 */
final class NodeStatsHandler {

  private static final Set<String> PARAMETERS = Set.of("timeout", "level");

  private final NodeStatsGathering gathering;
  private final Authorization authorization;
  private final NodeIdentity node;

  NodeStatsHandler(NodeStatsGathering gathering, Authorization authorization, NodeIdentity node) {
    this.gathering = gathering;
    this.authorization = authorization;
    this.node = node;
  }

  void mount(Router router) {
    router.get("/_nodes/stats").handler(ctx -> stats(ctx, "_all"));
    router.get("/_nodes/:node_id/stats").handler(ctx -> stats(ctx, ctx.pathParam("node_id")));
  }

  private void stats(RoutingContext ctx, String selector) {
    QueryParameters.requireKnown(ctx, PARAMETERS);
    authorization.require(ctx, ClusterAction.NODES_STATS);
    List<String> selectors = Arrays.stream(selector.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    gathering.gather(gathering.nodes()).onSuccess(answers -> {
      JsonObject nodes = new JsonObject();
      JsonArray failures = new JsonArray();
      int total = 0;
      for (NodeStatsGathering.Answer answer : answers) {
        if (!selected(selectors, answer)) {
          continue;
        }
        total++;
        if (answer.stats() == null) {
          failures.add(new JsonObject().put("type", "failed_node_exception").put("node_id", answer.nodeId())
              .put("reason", "node [" + answer.nodeId() + "] did not answer: " + answer.failure()));
          continue;
        }
        nodes.put(answer.nodeId(), new JsonObject().put("name", answer.name())
            .put("roles", new JsonArray().add("gateway")).mergeIn(answer.stats()));
      }
      JsonObject counts = new JsonObject().put("total", total).put("successful", total - failures.size())
          .put("failed", failures.size());
      if (!failures.isEmpty()) {
        counts.put("failures", failures);
      }
      Responses.json(ctx, 200, new JsonObject().put("_nodes", counts).put("cluster_name", node.clusterName())
          .put("nodes", nodes));
    }).onFailure(ctx::fail);
  }

  private boolean selected(List<String> selectors, NodeStatsGathering.Answer answer) {
    for (String selector : selectors) {
      if (selector.equals("_all") || selector.equals("*")
          || (selector.equals("_local") && answer.nodeId().equals(gathering.nodeId()))) {
        return true;
      }
      Glob glob = new Glob(selector);
      if (glob.matches(answer.nodeId()) || (answer.name() != null && glob.matches(answer.name()))) {
        return true;
      }
    }
    return false;
  }
}
