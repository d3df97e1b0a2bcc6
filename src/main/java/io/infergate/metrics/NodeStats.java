package io.infergate.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One node's figures as Elasticsearch's {@code _nodes/stats} writes a node: {@code jvm},
 * {@code process} and {@code http} in its field names, and Infergate's own meters under
 * {@code infergate}, read from the same registry {@code /_prometheus/metrics} renders. A meter
 * {@code infergate.<section>.<rest>} with tags is found at
 * {@code infergate.<section>.<rest with underscores>.<tag value>...} (tags in their name order):
 * {@code infergate.registry.writes{kind=endpoints,op=create,result=acknowledged}} is
 * {@code infergate.registry.writes.endpoints.create.acknowledged}. A timer is
 * {@code {count, total_time_in_millis, max_in_millis}}.
 */
public final class NodeStats {

  private static final String OWN = "infergate.";

  private final MeterRegistry registry;
  private final Supplier<JsonObject> more;

  /** @param more what the registry does not hold, merged into {@code infergate} (each subscriber's lag) */
  public NodeStats(MeterRegistry registry, Supplier<JsonObject> more) {
    this.registry = registry;
    this.more = more;
  }

  /** This node's figures, from memory only (the gauges never ask the cluster); a few milliseconds of CPU. */
  public JsonObject render(long timestampMillis) {
    JsonObject own = new JsonObject();
    // In name and tag order, so that the JSON's keys come in an order that does not change between calls.
    List<Meter> meters = new ArrayList<>(registry.getMeters());
    meters.sort(Comparator.comparing(meter -> meter.getId().getName() + meter.getId().getTags()));
    for (Meter meter : meters) {
      String name = meter.getId().getName();
      if (name.startsWith(OWN)) {
        put(own, name.substring(OWN.length()), meter);
      }
    }
    // Vert.x's request counter, summed over routes, methods and statuses: what a request rate is computed from.
    child(own, "http").put("requests", (long) sum(registry.find("vertx.http.server.requests")));
    JsonObject extra = more.get();
    extra.forEach(entry -> {
      JsonObject section = own.getJsonObject(entry.getKey());
      if (section != null && entry.getValue() instanceof JsonObject values) {
        section.mergeIn(values);
      } else {
        own.put(entry.getKey(), entry.getValue());
      }
    });
    return new JsonObject()
        .put("timestamp", timestampMillis)
        .put("jvm", jvm())
        .put("process", process())
        .put("http", new JsonObject().put("current_open", (long) sum(registry.find("vertx.http.server.active.connections"))))
        .put("infergate", own);
  }

  private JsonObject jvm() {
    return new JsonObject()
        .put("uptime_in_millis", (long) gauge("process.uptime", TimeUnit.MILLISECONDS))
        .put("mem", new JsonObject()
            .put("heap_used_in_bytes", (long) sum(registry.find("jvm.memory.used").tag("area", "heap")))
            .put("heap_committed_in_bytes", (long) sum(registry.find("jvm.memory.committed").tag("area", "heap")))
            .put("heap_max_in_bytes", (long) sum(registry.find("jvm.memory.max").tag("area", "heap")))
            .put("non_heap_used_in_bytes", (long) sum(registry.find("jvm.memory.used").tag("area", "nonheap"))))
        .put("threads", new JsonObject()
            .put("count", (long) sum(registry.find("jvm.threads.live")))
            .put("peak_count", (long) sum(registry.find("jvm.threads.peak"))))
        .put("gc", new JsonObject()
            .put("collection_count", registry.find("jvm.gc.pause").timers().stream().mapToLong(Timer::count).sum())
            .put("collection_time_in_millis", (long) registry.find("jvm.gc.pause").timers().stream()
                .mapToDouble(timer -> timer.totalTime(TimeUnit.MILLISECONDS)).sum()));
  }

  private JsonObject process() {
    return new JsonObject()
        .put("open_file_descriptors", (long) sum(registry.find("process.files.open")))
        .put("max_file_descriptors", (long) sum(registry.find("process.files.max")))
        .put("cpu", new JsonObject().put("percent", Math.round(100 * sum(registry.find("process.cpu.usage")))));
  }

  private double gauge(String name, TimeUnit unit) {
    return registry.find(name).timeGauges().stream().mapToDouble(gauge -> gauge.value(unit)).sum();
  }

  /** The sum of the meters found: a gauge's value, a counter's count. NaN (a gauge that failed) counts as 0. */
  private static double sum(Search search) {
    return search.meters().stream().mapToDouble(NodeStats::value).filter(value -> !Double.isNaN(value)).sum();
  }

  private static double value(Meter meter) {
    if (meter instanceof Gauge gauge) {
      return gauge.value();
    }
    if (meter instanceof Counter counter) {
      return counter.count();
    }
    if (meter instanceof FunctionCounter counter) {
      return counter.count();
    }
    double total = 0;
    for (var measurement : meter.measure()) {
      total += measurement.getValue();
    }
    return total;
  }

  private static void put(JsonObject own, String name, Meter meter) {
    int dot = name.indexOf('.');
    String section = dot < 0 ? name : name.substring(0, dot);
    String field = dot < 0 ? "value" : name.substring(dot + 1).replace('.', '_');
    JsonObject at = child(own, section);
    String key = field;
    for (Tag tag : meter.getId().getTags()) {
      at = child(at, key);
      key = tag.getValue();
    }
    at.put(key, json(meter));
  }

  private static JsonObject child(JsonObject parent, String key) {
    Object existing = parent.getValue(key);
    if (existing instanceof JsonObject object) {
      return object;
    }
    JsonObject created = new JsonObject();
    parent.put(key, created);
    return created;
  }

  private static Object json(Meter meter) {
    if (meter instanceof Timer timer) {
      return new JsonObject().put("count", timer.count())
          .put("total_time_in_millis", Math.round(timer.totalTime(TimeUnit.MILLISECONDS)))
          .put("max_in_millis", Math.round(timer.max(TimeUnit.MILLISECONDS)));
    }
    double value = value(meter);
    if (Double.isNaN(value)) {
      return null;
    }
    return value == Math.rint(value) && Math.abs(value) < 1e15 ? (Object) (long) value : (Object) value;
  }
}
