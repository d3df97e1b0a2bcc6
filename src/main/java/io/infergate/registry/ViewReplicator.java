package io.infergate.registry;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Delivers a change to the read view of every other gateway member and waits for each to answer
 * that it applied it. A member that leaves the cluster is not waited for; one that does not answer
 * before the deadline makes the write unacknowledged (the change still stands).
 */
final class ViewReplicator {

  /** Set on gateway members by the cluster configuration (see cluster/HazelcastConfigFactory). */
  static final String GATEWAY_ATTRIBUTE = "infergate.gateway";
  private static final String VIEW_ADDRESS_PREFIX = "infergate.view.";
  /** Before a member's view consumer is visible everywhere, delivery is retried this often. */
  private static final long RETRY_DELAY_MS = 5;

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  /** Deliveries waiting on each member, released at once when it leaves. */
  private final Map<UUID, Set<Promise<Boolean>>> waiting = new ConcurrentHashMap<>();

  ViewReplicator(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
  }

  static String address(UUID member) {
    return VIEW_ADDRESS_PREFIX + member;
  }

  UUID self() {
    return hazelcast.getCluster().getLocalMember().getUuid();
  }

  /** The members running a gateway (not plain Vert.x subscribers that joined the cluster). */
  List<UUID> gatewayMembers() {
    return hazelcast.getCluster().getMembers().stream()
        .filter(member -> "true".equals(member.getAttribute(GATEWAY_ATTRIBUTE)))
        .map(Member::getUuid)
        .toList();
  }

  /** Succeeds with true when every other gateway member applied the change, false on timeout. */
  Future<Boolean> replicate(StoredEndpoint change, long timeoutMs) {
    JsonObject message = new JsonObject().put("op", "apply").put("stored", change.encoded());
    long deadline = System.currentTimeMillis() + timeoutMs;
    UUID self = self();
    List<Future<Boolean>> acks = gatewayMembers().stream()
        .filter(member -> !member.equals(self))
        .map(member -> deliver(member, message, deadline))
        .toList();
    return Future.all(acks).map(all -> acks.stream().allMatch(Future::result));
  }

  /** True when this node is the oldest gateway member: the one that acts for all in recovery. */
  boolean isOldestGateway() {
    List<UUID> gateways = gatewayMembers();
    return !gateways.isEmpty() && gateways.get(0).equals(self());
  }

  /** A member left the cluster: nothing waits for it any longer. */
  void memberLeft(UUID member) {
    Set<Promise<Boolean>> promises = waiting.remove(member);
    if (promises != null) {
      promises.forEach(promise -> promise.tryComplete(true));
    }
  }

  /** Asks one member a question, with a short timeout; used for node status. */
  Future<JsonObject> ask(UUID member, JsonObject question, long timeoutMs) {
    return vertx.eventBus().<JsonObject>request(address(member), question,
        new DeliveryOptions().setSendTimeout(timeoutMs)).map(reply -> reply.body());
  }

  private Future<Boolean> deliver(UUID member, JsonObject message, long deadline) {
    Promise<Boolean> done = Promise.promise();
    Set<Promise<Boolean>> forMember =
        waiting.computeIfAbsent(member, key -> ConcurrentHashMap.newKeySet());
    forMember.add(done);
    if (!isMember(member)) {
      done.tryComplete(true);
    }
    attempt(member, message, deadline).onComplete(result -> done.tryComplete(result.succeeded() && result.result()));
    return done.future().onComplete(settled -> forMember.remove(done));
  }

  private Future<Boolean> attempt(UUID member, JsonObject message, long deadline) {
    long remaining = deadline - System.currentTimeMillis();
    if (remaining <= 0) {
      return Future.succeededFuture(!isMember(member));
    }
    return vertx.eventBus().request(address(member), message, new DeliveryOptions().setSendTimeout(remaining))
        .map(reply -> true)
        .recover(failure -> {
          if (!isMember(member)) {
            return Future.succeededFuture(true);
          }
          if (failure instanceof ReplyException reply && reply.failureType() == ReplyFailure.TIMEOUT) {
            return Future.succeededFuture(false);
          }
          // No handler yet (the member is starting, or its subscription has not reached us) or a
          // transient failure: try again until it answers, leaves, or the deadline passes.
          return vertx.timer(RETRY_DELAY_MS).compose(fired -> attempt(member, message, deadline));
        });
  }

  private boolean isMember(UUID member) {
    return hazelcast.getCluster().getMembers().stream().anyMatch(m -> m.getUuid().equals(member));
  }
}
