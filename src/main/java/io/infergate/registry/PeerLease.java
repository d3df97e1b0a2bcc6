package io.infergate.registry;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/**
 * Pings the other gateway members every second and counts those that answered within the lease.
 * The lease (5 s) is shorter than the time the others take to drop an unresponsive member
 * (hazelcast.max.no.heartbeat.seconds, 10 s in conf/cluster.xml): a node that is cut off stops
 * serving before the majority stops waiting for it and acknowledges writes without it, so it
 * never answers from a view that misses an acknowledged change.
 */
final class PeerLease {

  static final long LEASE_MS = 5_000;
  private static final long PING_EVERY_MS = 1_000;

  private final Vertx vertx;
  private final ViewReplicator replicator;
  private final Map<UUID, Long> lastAnswer = new ConcurrentHashMap<>();
  private long timer = -1;

  PeerLease(Vertx vertx, ViewReplicator replicator) {
    this.vertx = vertx;
    this.replicator = replicator;
  }

  /** Starts pinging; {@code reachable} gets the count of members answering (this one included). */
  void start(IntConsumer reachable) {
    timer = vertx.setPeriodic(PING_EVERY_MS, tick -> {
      long now = System.currentTimeMillis();
      UUID self = replicator.self();
      List<UUID> members = replicator.gatewayMembers();
      lastAnswer.keySet().retainAll(members);
      for (UUID member : members) {
        // A member seen for the first time gets a full lease: it has just joined.
        lastAnswer.putIfAbsent(member, now);
        if (!member.equals(self)) {
          replicator.ask(member, new JsonObject().put("op", "ping"), PING_EVERY_MS)
              .onSuccess(pong -> lastAnswer.put(member, System.currentTimeMillis()));
        }
      }
      lastAnswer.put(self, now);
      long answering = lastAnswer.values().stream().filter(at -> now - at <= LEASE_MS).count();
      reachable.accept((int) answering);
    });
  }

  void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
