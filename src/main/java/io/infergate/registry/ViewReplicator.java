package io.infergate.registry;

import io.infergate.bus.Addresses;
import io.infergate.bus.NodeStatus;
import io.infergate.bus.ViewMessage;
import io.infergate.cluster.GatewayMembers;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Delivers a change to the read view of every other gateway member and waits for each to answer
 * that it applied it. A member that leaves the cluster is not waited for; one that does not answer
 * before the deadline makes the write unacknowledged (the change still stands). Also asks members
 * for their status and pings them for the lease.
 */
final class ViewReplicator {

  /** Before a member's view consumer is visible everywhere, delivery is retried this often. */
  private static final long RETRY_DELAY_MS = 5;

  private final Vertx vertx;
  /** This member's Hazelcast uuid (a merge after a split brain gives it another). */
  private final Supplier<UUID> self;
  private final Predicate<UUID> isMember;
  /** The gateways a change goes to: those that proved they hold the cluster secret. */
  private final Supplier<List<UUID>> attestedGateways;
  private final EntrySigner signer;
  /** Deliveries waiting on each member, released at once when it leaves. */
  private final Map<UUID, Set<Promise<Boolean>>> waiting = new ConcurrentHashMap<>();

  ViewReplicator(Vertx vertx, GatewayMembers members, Supplier<List<UUID>> attestedGateways, EntrySigner signer) {
    this(vertx, members::self, members::isMember, attestedGateways, signer);
  }

  ViewReplicator(Vertx vertx, Supplier<UUID> self, Predicate<UUID> isMember, Supplier<List<UUID>> attestedGateways,
      EntrySigner signer) {
    this.vertx = vertx;
    this.self = self;
    this.isMember = isMember;
    this.attestedGateways = attestedGateways;
    this.signer = signer;
  }

  /**
   * Succeeds with true when every other attested gateway member applied the change, false on
   * timeout. A member claiming to be a gateway without having been attested gets nothing and is
   * not waited for.
   */
  Future<Boolean> replicate(String kind, StoredDocument change, long timeoutMs) {
    ViewMessage.Apply message = new ViewMessage.Apply(kind, change.id(), change.encoded());
    long deadline = System.currentTimeMillis() + timeoutMs;
    UUID self = this.self.get();
    List<Future<Boolean>> acks = attestedGateways.get().stream()
        .filter(member -> !member.equals(self))
        .map(member -> deliver(member, message, change.revision(), deadline))
        .toList();
    return Future.all(acks).map(all -> acks.stream().allMatch(Future::result));
  }

  /** A member left the cluster: nothing waits for it any longer. */
  void memberLeft(UUID member) {
    Set<Promise<Boolean>> promises = waiting.remove(member);
    if (promises != null) {
      promises.forEach(promise -> promise.tryComplete(true));
    }
  }

  Future<NodeStatus> askStatus(UUID member, long timeoutMs) {
    return vertx.eventBus().<NodeStatus>request(Addresses.view(member), new ViewMessage.Status(),
        new DeliveryOptions().setSendTimeout(timeoutMs)).map(reply -> reply.body());
  }

  Future<?> ping(UUID member, long timeoutMs) {
    return vertx.eventBus().request(Addresses.view(member), new ViewMessage.Ping(),
        new DeliveryOptions().setSendTimeout(timeoutMs));
  }

  private Future<Boolean> deliver(UUID member, ViewMessage.Apply message, long revision, long deadline) {
    Promise<Boolean> done = Promise.promise();
    Set<Promise<Boolean>> forMember =
        waiting.computeIfAbsent(member, key -> ConcurrentHashMap.newKeySet());
    forMember.add(done);
    if (!isMember.test(member)) {
      done.tryComplete(true);
    }
    attempt(member, message, revision, deadline).onComplete(result -> done.tryComplete(result.succeeded() && result.result()));
    return done.future().onComplete(settled -> forMember.remove(done));
  }

  private Future<Boolean> attempt(UUID member, ViewMessage.Apply message, long revision, long deadline) {
    long remaining = deadline - System.currentTimeMillis();
    if (remaining <= 0) {
      return Future.succeededFuture(!isMember.test(member));
    }
    return vertx.eventBus().request(Addresses.view(member), message, new DeliveryOptions().setSendTimeout(remaining))
        .compose(reply -> signer.isAcknowledgment(reply.body(), member.toString(), message.kind(), message.id(), revision)
            ? Future.succeededFuture(true)
            // Another consumer registered on the member's address (a process without the key) answered.
            : Future.failedFuture(new IllegalStateException("an unsigned acknowledgment")))
        .recover(failure -> {
          if (!isMember.test(member)) {
            return Future.succeededFuture(true);
          }
          if (System.currentTimeMillis() >= deadline) {
            return Future.succeededFuture(false);
          }
          // Before the deadline every failure is retried: no handler yet (the member is starting, or
          // its subscription has not reached us), a consumer that discarded the change (the member is
          // closing: Vert.x answers TIMEOUT at once for a message its unregistered consumer drops),
          // or a transient failure. Only the deadline makes the write unacknowledged.
          return vertx.timer(RETRY_DELAY_MS).compose(fired -> attempt(member, message, revision, deadline));
        });
  }
}
