package io.infergate.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * One question to several nodes, each on its own address ({@code prefix + node id}): every answer,
 * in the nodes' order, with a node that failed or did not answer in time replaced by what
 * {@code failed} makes of it, so one silent node never fails the whole answer. Questions are
 * signed ({@link RequestSigner}), and a node answers only signed ones: anyone on the cluster bus can
 * send to a node's address.
 */
public final class NodeRequests {

  private static final Logger LOG = Logger.getLogger(NodeRequests.class.getName());

  private final Vertx vertx;
  private final RequestSigner signer;
  private final String self;

  public NodeRequests(Vertx vertx, RequestSigner signer, String self) {
    this.vertx = vertx;
    this.signer = signer;
    this.self = self;
  }

  /** The gateways and this node (once, last unless already among them). */
  public static List<String> withSelf(Collection<String> gateways, String self) {
    List<String> nodes = new ArrayList<>(gateways);
    if (!nodes.contains(self)) {
      nodes.add(self);
    }
    return nodes;
  }

  public Future<List<JsonObject>> askEach(String addressPrefix, List<String> nodes, JsonObject ask, long timeoutMs,
      BiFunction<String, Throwable, JsonObject> failed) {
    List<Future<JsonObject>> answers = new ArrayList<>();
    for (String node : nodes) {
      answers.add(ask(addressPrefix + node, ask, timeoutMs)
          .recover(failure -> Future.succeededFuture(failed.apply(node, failure))));
    }
    return Future.join(answers).map(all -> answers.stream().map(Future::result).toList());
  }

  public Future<JsonObject> ask(String address, JsonObject ask, long timeoutMs) {
    DeliveryOptions options = signer.sign(address, self, ask).setSendTimeout(timeoutMs);
    return vertx.eventBus().<JsonObject>request(address, ask, options).map(Message::body);
  }

  /** Answers the signed questions that come to {@code address}; anything else is refused (401). */
  public MessageConsumer<Object> serve(String address, Function<JsonObject, Future<JsonObject>> answer) {
    return vertx.eventBus().consumer(address, message -> {
      if (!(message.body() instanceof JsonObject ask) || !signer.verify(address, message.headers(), ask)) {
        LOG.warning(() -> "security: refused an unsigned request on the cluster bus address [" + address + "]");
        message.fail(401, "unauthenticated request on the cluster bus");
        return;
      }
      answer.apply(ask).onSuccess(message::reply)
          .onFailure(failure -> message.fail(500, String.valueOf(failure.getMessage())));
    });
  }
}
