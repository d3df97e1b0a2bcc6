package io.infergate.inference.traffic;

import io.vertx.core.json.JsonObject;

/**
 * {@code inference.traffic}: how many provider requests may wait per endpoint on a node
 * ({@code queue_size}, Elasticsearch's 2000), how often nodes tell each other their demand
 * ({@code report_interval_ms}), and after how long without a report a node's share goes back to the
 * others ({@code report_ttl_ms}).
 */
public record TrafficSettings(int queueSize, long reportIntervalMs, long reportTtlMs) {

  public static TrafficSettings fromJson(JsonObject json) {
    TrafficSettings settings = new TrafficSettings(json.getInteger("queue_size", 2000),
        json.getLong("report_interval_ms", 500L), json.getLong("report_ttl_ms", 2000L));
    if (settings.queueSize < 0 || settings.reportIntervalMs < 10 || settings.reportTtlMs <= settings.reportIntervalMs) {
      throw new IllegalArgumentException("inference.traffic: queue_size must be >= 0, report_interval_ms >= 10 and "
          + "report_ttl_ms greater than report_interval_ms");
    }
    return settings;
  }
}
