package io.infergate.inference.traffic;

import io.infergate.bus.CurrentEndpoint;
import io.infergate.bus.EndpointLookup;
import io.infergate.bus.EsException;
import io.infergate.inference.perform.Admission;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * This node's side of every endpoint's traffic: the gate that holds its rate limit (one per
 * limited endpoint, made on the first request), and its usage figures. Follows the endpoints'
 * changes as this node's view applies them, so before a change is acknowledged: an update applies
 * the new limit, a delete fails the requests still waiting with a 404 and forgets the figures.
 */
public final class TrafficControl {

  /** A share that admits everything: a limit removed while requests waited. */
  private static final double OPEN_SHARE = 1e12;

  private final Vertx vertx;
  private final EndpointLookup endpoints;
  private final TrafficSettings settings;
  private final DemandExchange exchange;
  private final Map<String, EndpointGate> gates = new ConcurrentHashMap<>();
  private final Map<String, EndpointUsage> usage = new ConcurrentHashMap<>();
  private final PerformMeters meters;

  public TrafficControl(Vertx vertx, EndpointLookup endpoints, String nodeId, Supplier<Collection<String>> gateways,
      TrafficSettings settings, DemandSeal seal) {
    this(vertx, endpoints, nodeId, gateways, settings, seal, null);
  }

  /** @param metrics where each endpoint's figures are also meters ({@link PerformMeters}); null for none */
  public TrafficControl(Vertx vertx, EndpointLookup endpoints, String nodeId, Supplier<Collection<String>> gateways,
      TrafficSettings settings, DemandSeal seal, MeterRegistry metrics) {
    this.meters = new PerformMeters(metrics);
    this.vertx = vertx;
    this.endpoints = endpoints;
    this.settings = settings;
    this.exchange = new DemandExchange(vertx, nodeId, gateways, settings, seal);
  }

  public void start() {
    endpoints.onChange(this::changed);
    exchange.start(gates);
  }

  public void stop() {
    exchange.stop();
  }

  /** How the provider requests of a call to this endpoint are admitted: at once when it has no limit. */
  public Admission admission(CurrentEndpoint endpoint) {
    String id = endpoint.definition().inferenceId();
    int limit = RateLimits.requestsPerMinute(endpoint.definition());
    if (limit == RateLimits.UNLIMITED) {
      return Admission.OPEN;
    }
    EndpointGate gate = gates.get(id);
    if (gate == null) {
      gate = gates.computeIfAbsent(id, created -> new EndpointGate(vertx, id, limit, exchange.shareOf(id, limit),
          settings.queueSize()));
    }
    EndpointGate admitting = gate;
    EndpointUsage figures = usage(id);
    return call -> admitting.admit(call, figures);
  }

  /** The usage figures of an endpoint on this node. */
  public EndpointUsage usage(String inferenceId) {
    EndpointUsage figures = usage.get(inferenceId);
    return figures != null ? figures : usage.computeIfAbsent(inferenceId, this::newUsage);
  }

  private EndpointUsage newUsage(String inferenceId) {
    EndpointUsage figures = new EndpointUsage();
    String service;
    try {
      service = endpoints.current(inferenceId).definition().service();
    } catch (EsException e) {
      service = "unknown";
    }
    meters.bind(inferenceId, service, figures, () -> gates.get(inferenceId));
    return figures;
  }

  /** This node's figures for the endpoint, with its queue depth and its share of the limit right now. */
  public JsonObject snapshot(String inferenceId) {
    EndpointGate gate = gates.get(inferenceId);
    return usage(inferenceId).snapshot()
        .put("queue_depth", gate == null ? 0 : gate.queued())
        .put("rate_limit_share_per_minute", gate == null ? null : Math.round(gate.sharePerMinute() * 100) / 100.0);
  }

  private void changed(String inferenceId) {
    Optional<CurrentEndpoint> found;
    try {
      found = endpoints.find(inferenceId);
    } catch (EsException e) {
      return; // 503: this node does not serve now; the next request or change settles the gate
    }
    if (found.isEmpty()) {
      EndpointGate gate = gates.remove(inferenceId);
      usage.remove(inferenceId);
      meters.unbind(inferenceId);
      if (gate != null) {
        gate.endpointGone();
      }
      return;
    }
    CurrentEndpoint current = found.get();
    EndpointGate gate = gates.get(inferenceId);
    if (gate == null) {
      return;
    }
    int limit = RateLimits.requestsPerMinute(current.definition());
    if (limit == RateLimits.UNLIMITED) {
      gates.remove(inferenceId);
      gate.share(OPEN_SHARE);
      return;
    }
    gate.limitPerMinute(limit);
    gate.share(exchange.shareOf(inferenceId, limit));
  }
}
