package io.infergate.inference.traffic;

import io.infergate.bus.NodeRequests;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * An endpoint's usage on every gateway node: each node answers for itself on its own event-bus
 * address, and the node that serves {@code GET /_inference/{id}/_stats} asks them all and adds the
 * answers up ({@link UsageReport}). A node that does not answer in time is listed as a failure.
 */
public final class UsageGathering {

  static final String ADDRESS_PREFIX = "infergate.traffic.usage.";
  private static final long ANSWER_TIMEOUT_MS = 2000;

  private final TrafficControl traffic;
  private final String nodeId;
  private final String nodeName;
  private final Supplier<Collection<String>> gateways;
  private final NodeRequests requests;
  private MessageConsumer<Object> consumer;

  public UsageGathering(NodeRequests requests, TrafficControl traffic, String nodeId, String nodeName,
      Supplier<Collection<String>> gateways) {
    this.requests = requests;
    this.traffic = traffic;
    this.nodeId = nodeId;
    this.nodeName = nodeName;
    this.gateways = gateways;
  }

  public void start() {
    consumer = requests.serve(ADDRESS_PREFIX + nodeId, ask -> Future.succeededFuture(new JsonObject()
        .put("node", nodeId).put("name", nodeName).put("usage", traffic.snapshot(ask.getString("inference_id")))));
  }

  public void stop() {
    if (consumer != null) {
      consumer.unregister();
    }
  }

  /** Every gateway's figures for the endpoint, summed; see {@link UsageReport#render}. */
  public Future<JsonObject> gather(String inferenceId, JsonObject endpoint) {
    List<String> nodes = NodeRequests.withSelf(gateways.get(), nodeId);
    return requests.askEach(ADDRESS_PREFIX, nodes, new JsonObject().put("inference_id", inferenceId),
            ANSWER_TIMEOUT_MS, (node, failure) -> new JsonObject().put("node", node).put("failure", failure.getMessage()))
        .map(answers -> UsageReport.render(endpoint, nodes.size(), answers));
  }
}
