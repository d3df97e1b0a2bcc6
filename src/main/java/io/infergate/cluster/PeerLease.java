package io.infergate.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.IntConsumer;

/**
 * Pings the other gateway members every second and counts those that answered within the lease.
 * The lease (5 s) is shorter than the time the others take to drop an unresponsive member
 * (hazelcast.max.no.heartbeat.seconds, 10 s in conf/cluster.xml): a node that is cut off stops
 * serving before the majority stops waiting for it and acknowledges writes without it, so it
 * never answers from a view that misses an acknowledged change.
 */
public final class PeerLease {

  static final long LEASE_MS = 5_000;
  private static final long PING_EVERY_MS = 1_000;

  private final Vertx vertx;
  private final GatewayMembers members;
  private final BiFunction<UUID, Long, Future<?>> ping;
  private final Map<UUID, Long> lastAnswer = new ConcurrentHashMap<>();
  private long timer = -1;

  /** @param ping asks a member to answer within the given milliseconds */
  public PeerLease(Vertx vertx, GatewayMembers members, BiFunction<UUID, Long, Future<?>> ping) {
    this.vertx = vertx;
    this.members = members;
    this.ping = ping;
  }

  /** Starts pinging; {@code reachable} gets the count of members answering (this one included). */
  public void start(IntConsumer reachable) {
    timer = vertx.setPeriodic(PING_EVERY_MS, tick -> {
      if (!members.running()) {
        return;  // a tick after the member stopped, before the registry stopped this lease
      }
      long now = System.currentTimeMillis();
      UUID self = members.self();
      List<UUID> gateways = members.gateways();
      lastAnswer.keySet().retainAll(gateways);
      for (UUID member : gateways) {
        // A member seen for the first time gets a full lease: it has just joined.
        lastAnswer.putIfAbsent(member, now);
        if (!member.equals(self)) {
          ping.apply(member, PING_EVERY_MS).onSuccess(pong -> lastAnswer.put(member, System.currentTimeMillis()));
        }
      }
      lastAnswer.put(self, now);
      long answering = lastAnswer.values().stream().filter(at -> now - at <= LEASE_MS).count();
      reachable.accept((int) answering);
    });
  }

  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
