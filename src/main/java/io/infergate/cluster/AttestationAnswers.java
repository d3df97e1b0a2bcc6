package io.infergate.cluster;

import io.infergate.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * A member's side of attestation: it answers the gateways' challenges on its own address, and when
 * it joins it asks every gateway to challenge it at once and waits for their confirmations, so that
 * no gateway still counts it as unattested (refusing writes) once its start has returned.
 */
public final class AttestationAnswers {

  private static final Logger LOG = Logger.getLogger(AttestationAnswers.class.getName());
  private static final Pattern MEMBER_ID = Pattern.compile("[0-9a-fA-F-]{36}");
  private static final Pattern NONCE = Pattern.compile("[0-9a-f]{32,64}");
  /** Before a gateway's consumer is visible everywhere, asking is retried this often. */
  private static final long RETRY_DELAY_MS = 20;

  private AttestationAnswers() {
  }

  /** Answers the challenges sent to {@code self}; completes once the consumer is registered in the cluster. */
  public static Future<MessageConsumer<JsonObject>> answer(Vertx vertx, AttestationKeys keys, UUID self) {
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.attest(self), message -> {
      Object body = message.body();
      if (!(body instanceof JsonObject challenge) || !(challenge.getValue("challenger") instanceof String challenger)
          || !(challenge.getValue("nonce") instanceof String nonce) || !MEMBER_ID.matcher(challenger).matches()
          || !NONCE.matcher(nonce).matches()) {
        message.fail(400, "malformed attestation challenge");
        return;
      }
      message.reply(new JsonObject().put("tag", keys.answer(challenger, self.toString(), nonce)));
    });
    return consumer.completion().map(consumer);
  }

  /**
   * For a process that joined the cluster without being a gateway (a subscriber): answers the
   * challenges, then has every gateway attest it. Nothing for a gateway node's own Vert.x (its node
   * does this) or one that is not clustered.
   */
  public static Future<Void> join(Vertx vertx, byte[] clusterSecret, long timeoutMs) {
    if (!(vertx instanceof VertxInternal internal)
        || !(internal.clusterManager() instanceof HazelcastClusterManager manager)) {
      return Future.succeededFuture();
    }
    GatewayMembers members = new GatewayMembers(manager.getHazelcastInstance());
    if (GatewayMembers.isGateway(manager.getHazelcastInstance().getCluster().getLocalMember())) {
      return Future.succeededFuture();
    }
    AttestationKeys keys = new AttestationKeys(clusterSecret, List.of());
    return answer(vertx, keys, members.self()).compose(answering -> askGateways(vertx, members, timeoutMs));
  }

  /**
   * Asks every other gateway to challenge this member now and waits for each to confirm it, at most
   * {@code timeoutMs}; never fails (a gateway that does not confirm keeps challenging on its own).
   */
  public static Future<Void> askGateways(Vertx vertx, GatewayMembers members, long timeoutMs) {
    UUID self = members.self();
    long deadline = System.currentTimeMillis() + timeoutMs;
    JsonObject ask = new JsonObject().put("member", self.toString());
    List<Future<Boolean>> confirmations = members.gateways().stream()
        .filter(gateway -> !gateway.equals(self))
        .map(gateway -> ask(vertx, members, gateway, ask, deadline).onSuccess(attested -> {
          if (!attested) {
            LOG.warning(() -> "gateway [" + gateway + "] did not confirm this member [" + self + "] as attested within "
                + timeoutMs + " ms; it goes on challenging it");
          }
        }))
        .toList();
    return Future.join(confirmations).<Void>mapEmpty().otherwiseEmpty();
  }

  private static Future<Boolean> ask(Vertx vertx, GatewayMembers members, UUID gateway, JsonObject ask, long deadline) {
    long remaining = deadline - System.currentTimeMillis();
    if (remaining <= 0 || !members.isMember(gateway)) {
      return Future.succeededFuture(!members.isMember(gateway));
    }
    return vertx.eventBus().<Object>request(Addresses.challengeMe(gateway), ask,
            new DeliveryOptions().setSendTimeout(remaining))
        .map(Message::body)
        .map(reply -> reply instanceof JsonObject json && Boolean.TRUE.equals(json.getValue("attested")))
        .recover(failure -> failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS
            // a gateway still starting: its consumer is not registered (or not seen here) yet
            ? vertx.timer(RETRY_DELAY_MS).compose(fired -> ask(vertx, members, gateway, ask, deadline))
            : Future.succeededFuture(false));
  }
}
