package io.infergate.inference.traffic;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Moves each node's share of every rate limit to where the requests are. Every report interval a
 * node publishes its demand per limited endpoint on the event bus and recomputes its own shares
 * from the latest report of every gateway with {@link ShareAllocation}; as every node computes from
 * the same reports, the shares add up to the limit. A gateway whose last report is older than the
 * TTL (it is starting, cut off, or crashed and not yet removed from the cluster) is assumed to use
 * an even share, so that a partition cannot let both sides take everything; once it leaves the
 * cluster (at once when it shuts down, within Hazelcast's heartbeat timeout when it crashes) its
 * share goes back to the others. Reports carry a tag ({@link DemandSeal}); one without a valid tag is
 * ignored, with a WARNING at most once a minute.
 */
final class DemandExchange {

  static final String ADDRESS = "infergate.traffic.demand";
  private static final Logger LOG = Logger.getLogger(DemandExchange.class.getName());
  private static final long REFUSAL_LOG_INTERVAL_NANOS = 60_000_000_000L;

  private record Report(long receivedAtNanos, Map<String, Double> demand) {
  }

  private final Vertx vertx;
  private final String self;
  private final Supplier<Collection<String>> gateways;
  private final TrafficSettings settings;
  private final DemandSeal seal;
  private long lastRefusalLogged = System.nanoTime() - REFUSAL_LOG_INTERVAL_NANOS;
  private final Map<String, Report> reports = new ConcurrentHashMap<>();
  private volatile Map<String, Double> ownDemand = Map.of();
  private MessageConsumer<Object> consumer;
  private long periodic = -1;
  private long lastTick = System.nanoTime();

  DemandExchange(Vertx vertx, String self, Supplier<Collection<String>> gateways, TrafficSettings settings,
      DemandSeal seal) {
    this.vertx = vertx;
    this.seal = seal;
    this.self = self;
    this.gateways = gateways;
    this.settings = settings;
  }

  void start(Map<String, EndpointGate> gates) {
    consumer = vertx.eventBus().consumer(ADDRESS, message -> {
      if (message.body() instanceof JsonObject report
          && seal.verify(message.headers().get(DemandSeal.HEADER), report.encode())) {
        received(report);
      } else {
        refused(message.body() instanceof JsonObject report ? report : new JsonObject());
      }
    });
    periodic = vertx.setPeriodic(settings.reportIntervalMs(), tick -> tick(gates));
  }

  void stop() {
    if (periodic >= 0) {
      vertx.cancelTimer(periodic);
    }
    if (consumer != null) {
      consumer.unregister();
    }
  }

  /** This node's share of {@code limit} for an endpoint it has not reported on yet. */
  double shareOf(String inferenceId, int limit) {
    return shares(inferenceId, limit, liveGateways(System.nanoTime())).getOrDefault(self, (double) limit);
  }

  private void tick(Map<String, EndpointGate> gates) {
    long now = System.nanoTime();
    long interval = Math.max(1, now - lastTick);
    lastTick = now;
    Map<String, Double> demand = new HashMap<>();
    JsonObject published = new JsonObject();
    gates.forEach((id, gate) -> {
      double wanted = gate.demandPerMinute(interval);
      demand.put(id, wanted);
      if (wanted > 0) {
        published.put(id, wanted);
      }
    });
    ownDemand = demand;
    JsonObject report = new JsonObject().put("node", self).put("demand", published);
    vertx.eventBus().publish(ADDRESS, report,
        new DeliveryOptions().addHeader(DemandSeal.HEADER, seal.tag(report.encode())));
    Set<String> live = liveGateways(now);
    gates.forEach((id, gate) -> gate.share(shares(id, gate.limitPerMinute(), live).getOrDefault(self, 0.0)));
  }

  private void refused(JsonObject report) {
    long now = System.nanoTime();
    if (now - lastRefusalLogged >= REFUSAL_LOG_INTERVAL_NANOS) {
      lastRefusalLogged = now;
      Object node = report.getValue("node");
      LOG.warning(() -> "security: ignored a rate-limit demand report naming node ["
          + (node instanceof String name && name.length() <= 64 ? name : "?")
          + "] without a valid tag: its sender does not hold the cluster secret (logged at most once a minute)");
    }
  }

  private void received(JsonObject report) {
    String node = report.getString("node");
    JsonObject demand = report.getJsonObject("demand");
    if (node == null || node.equals(self) || demand == null) {
      return;
    }
    Map<String, Double> byEndpoint = new HashMap<>();
    demand.forEach(entry -> {
      if (entry.getValue() instanceof Number wanted) {
        byEndpoint.put(entry.getKey(), wanted.doubleValue());
      }
    });
    reports.put(node, new Report(System.nanoTime(), byEndpoint));
  }

  /** The gateways the limit is split between: the cluster's, this node, and any node reporting lately. */
  private Set<String> liveGateways(long now) {
    long ttl = settings.reportTtlMs() * 1_000_000L;
    reports.values().removeIf(report -> now - report.receivedAtNanos() > ttl);
    Set<String> live = new LinkedHashSet<>(gateways.get());
    live.add(self);
    live.addAll(reports.keySet());
    return live;
  }

  private Map<String, Double> shares(String inferenceId, int limit, Set<String> live) {
    Map<String, Double> demand = new HashMap<>();
    double unknown = (double) limit / live.size();
    for (String node : live) {
      Report report = reports.get(node);
      demand.put(node, node.equals(self) ? ownDemand.getOrDefault(inferenceId, 0.0)
          : report == null ? unknown : report.demand().getOrDefault(inferenceId, 0.0));
    }
    return ShareAllocation.shares(limit, live, demand);
  }
}
