package io.infergate.inference.traffic;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * The {@code _stats} answer from every node's figures, shaped as Elasticsearch's node stats:
 * {@code _nodes} (total, successful, failed), the cluster's totals, and each node's own figures
 * under {@code nodes.{id}}. Latency histograms are added exactly (HdrHistogram), so the cluster's
 * percentiles are true percentiles, not averages of the nodes'.
 */
final class UsageReport {

  private static final long[] BUCKET_MS = {1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000};
  private static final List<String> COUNTS = List.of("requests", "retries", "rejected", "timed_out_in_queue", "tokens",
      "queue_depth");

  private UsageReport() {
  }

  static JsonObject render(JsonObject endpoint, int asked, List<JsonObject> answers) {
    JsonObject nodes = new JsonObject();
    JsonArray failures = new JsonArray();
    Histogram total = newHistogram();
    JsonObject cluster = new JsonObject();
    COUNTS.forEach(name -> cluster.put(name, 0L));
    Map<String, Long> responses = new TreeMap<>();
    Map<String, Long> providerErrors = new TreeMap<>();
    long hits = 0;
    long misses = 0;
    for (JsonObject answer : answers) {
      JsonObject usage = answer.getJsonObject("usage");
      if (usage == null) {
        failures.add(new JsonObject().put("node_id", answer.getString("node"))
            .put("reason", String.valueOf(answer.getString("failure"))));
        continue;
      }
      Histogram latency = decode(usage.getString("latency_histogram"));
      total.add(latency);
      COUNTS.forEach(name -> cluster.put(name, cluster.getLong(name) + usage.getLong(name, 0L)));
      add(responses, usage.getJsonObject("responses"));
      add(providerErrors, usage.getJsonObject("provider_errors"));
      hits += usage.getJsonObject("cache").getLong("hits", 0L);
      misses += usage.getJsonObject("cache").getLong("misses", 0L);
      JsonObject node = usage.copy();
      node.remove("latency_histogram");
      node.put("latency", latency(latency));
      nodes.put(answer.getString("node"), new JsonObject().put("name", answer.getString("name")).mergeIn(node));
    }
    cluster.put("responses", new JsonObject(new TreeMap<>(responses)))
        .put("provider_errors", new JsonObject(new TreeMap<>(providerErrors)))
        .put("cache", new JsonObject().put("hits", hits).put("misses", misses))
        .put("latency", latency(total));
    JsonObject counts = new JsonObject().put("total", asked).put("successful", asked - failures.size())
        .put("failed", failures.size());
    if (!failures.isEmpty()) {
      counts.put("failures", failures);
    }
    return new JsonObject()
        .put("_nodes", counts)
        .put("inference_id", endpoint.getString("inference_id"))
        .put("task_type", endpoint.getString("task_type"))
        .put("service", endpoint.getString("service"))
        .put("rate_limit", endpoint.getJsonObject("rate_limit"))
        .put("cluster", cluster)
        .put("nodes", nodes);
  }

  private static void add(Map<String, Long> into, JsonObject counts) {
    if (counts != null) {
      counts.forEach(entry -> into.merge(entry.getKey(), ((Number) entry.getValue()).longValue(), Long::sum));
    }
  }

  /** Count, percentiles and cumulative buckets ({@code le} in milliseconds), as a metrics system would scrape them. */
  private static JsonObject latency(Histogram micros) {
    JsonArray buckets = new JsonArray();
    for (long limitMs : BUCKET_MS) {
      buckets.add(new JsonObject().put("le_ms", limitMs)
          .put("count", micros.getTotalCount() == 0 ? 0 : micros.getCountBetweenValues(0, limitMs * 1000)));
    }
    buckets.add(new JsonObject().put("le_ms", "+Inf").put("count", micros.getTotalCount()));
    return new JsonObject()
        .put("count", micros.getTotalCount())
        .put("p50_ms", millis(micros, 50))
        .put("p90_ms", millis(micros, 90))
        .put("p99_ms", millis(micros, 99))
        .put("max_ms", micros.getTotalCount() == 0 ? 0.0 : micros.getMaxValue() / 1000.0)
        .put("buckets", buckets);
  }

  private static double millis(Histogram micros, double percentile) {
    return micros.getTotalCount() == 0 ? 0.0 : micros.getValueAtPercentile(percentile) / 1000.0;
  }

  private static Histogram newHistogram() {
    Histogram histogram = new Histogram(2);
    histogram.setAutoResize(true);
    return histogram;
  }

  private static Histogram decode(String encoded) {
    if (encoded == null) {
      return newHistogram();
    }
    try {
      return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(encoded)), 0);
    } catch (DataFormatException e) {
      return newHistogram();
    }
  }
}
