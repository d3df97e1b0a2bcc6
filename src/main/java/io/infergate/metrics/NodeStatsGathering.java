package io.infergate.metrics;

import io.infergate.bus.NodeRequests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code _nodes/stats} across the cluster: each gateway answers for itself ({@link NodeStats}, on a
 * worker: rendering every meter is CPU work) on its own address, signed questions only
 * ({@link NodeRequests}); the node that serves the request asks those it wants. A node that does not
 * answer in time is counted as failed, as Elasticsearch counts it.
 */
public final class NodeStatsGathering {

  static final String ADDRESS_PREFIX = "infergate.nodes.stats.";
  private static final long ANSWER_TIMEOUT_MS = 5_000;

  private final Vertx vertx;
  private final NodeRequests requests;
  private final NodeStats stats;
  private final String nodeId;
  private final String nodeName;
  private final Supplier<Collection<String>> gateways;
  private final Clock clock;
  private MessageConsumer<Object> consumer;

  /** One node's answer: its id, name, and figures (null with a failure). */
  public record Answer(String nodeId, String name, JsonObject stats, String failure) {
  }

  public NodeStatsGathering(Vertx vertx, NodeRequests requests, NodeStats stats, String nodeId, String nodeName,
      Supplier<Collection<String>> gateways, Clock clock) {
    this.vertx = vertx;
    this.requests = requests;
    this.stats = stats;
    this.nodeId = nodeId;
    this.nodeName = nodeName;
    this.gateways = gateways;
    this.clock = clock;
  }

  public void start() {
    consumer = requests.serve(ADDRESS_PREFIX + nodeId, ask -> vertx.executeBlocking(() -> new JsonObject()
        .put("node", nodeId).put("name", nodeName).put("stats", stats.render(clock.millis())), false));
  }

  public void stop() {
    if (consumer != null) {
      consumer.unregister();
    }
  }

  /** Every gateway, this node included, and their names are known only from their answers. */
  public List<String> nodes() {
    return NodeRequests.withSelf(gateways.get(), nodeId);
  }

  public String nodeId() {
    return nodeId;
  }

  /** The figures of {@code nodes}, in their order. */
  public Future<List<Answer>> gather(List<String> nodes) {
    return requests.askEach(ADDRESS_PREFIX, nodes, new JsonObject(), ANSWER_TIMEOUT_MS,
            (node, failure) -> new JsonObject().put("node", node).put("failure", String.valueOf(failure.getMessage())))
        .map(answers -> answers.stream().map(answer -> new Answer(answer.getString("node"), answer.getString("name"),
            answer.getJsonObject("stats"), answer.getString("failure"))).toList());
  }
}
