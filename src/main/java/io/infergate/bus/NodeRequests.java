package io.infergate.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One question to several nodes, each on its own address ({@code prefix + node id}): every answer,
 * in the nodes' order, with a node that failed or did not answer in time replaced by what
 * {@code failed} makes of it, so one silent node never fails the whole answer.
 */
public final class NodeRequests {

  private NodeRequests() {
  }

  /** The gateways and this node (once, last unless already among them). */
  public static List<String> withSelf(Collection<String> gateways, String self) {
    List<String> nodes = new ArrayList<>(gateways);
    if (!nodes.contains(self)) {
      nodes.add(self);
    }
    return nodes;
  }

  public static Future<List<JsonObject>> askEach(Vertx vertx, String addressPrefix, List<String> nodes, JsonObject ask,
      long timeoutMs, BiFunction<String, Throwable, JsonObject> failed) {
    DeliveryOptions options = new DeliveryOptions().setSendTimeout(timeoutMs);
    List<Future<JsonObject>> answers = new ArrayList<>();
    for (String node : nodes) {
      answers.add(vertx.eventBus().<JsonObject>request(addressPrefix + node, ask, options)
          .map(Message::body)
          .recover(failure -> Future.succeededFuture(failed.apply(node, failure))));
    }
    return Future.join(answers).map(all -> answers.stream().map(Future::result).toList());
  }
}
