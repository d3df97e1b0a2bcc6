package io.infergate.examples.mock;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What reached the mock: requests per path as sent (fault prefix included) and per model named in
 * the body, connections clients closed before the answer, and the last body per path. Tests assert
 * "no more requests" with it; scripts read it as {@code GET /_mock/stats}.
 */
public final class MockStats {

  private final AtomicLong total = new AtomicLong();
  private final AtomicLong disconnects = new AtomicLong();
  private final Map<String, AtomicLong> paths = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> models = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> lastBodies = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> lastHeaders = new ConcurrentHashMap<>();

  /** Counts a request; returns how many requests {@code path} has had, this one included. */
  long record(String path, String servedPath, JsonObject body, Map<String, String> headers) {
    total.incrementAndGet();
    long nth = paths.computeIfAbsent(path, key -> new AtomicLong()).incrementAndGet();
    if (body.getValue("model") instanceof String model) {
      models.computeIfAbsent(model, key -> new AtomicLong()).incrementAndGet();
    }
    lastBodies.put(servedPath, body);
    lastHeaders.put(servedPath, headers);
    return nth;
  }

  void disconnected() {
    disconnects.incrementAndGet();
  }

  public long requests() {
    return total.get();
  }

  /** Requests to {@code path} exactly as sent, e.g. {@code /v1/embeddings} or {@code /fault/500/v1/embeddings}. */
  public long requests(String path) {
    AtomicLong count = paths.get(path);
    return count == null ? 0 : count.get();
  }

  public long requestsForModel(String model) {
    AtomicLong count = models.get(model);
    return count == null ? 0 : count.get();
  }

  /** Requests whose client closed the connection before the mock answered. */
  public long disconnects() {
    return disconnects.get();
  }

  /** The last body served at {@code path} (fault prefix removed), or null. */
  public JsonObject lastBody(String path) {
    return lastBodies.get(path);
  }

  /** The last request's headers at {@code path} (lower-case names, without Authorization), or null. */
  public Map<String, String> lastHeaders(String path) {
    return lastHeaders.get(path);
  }

  public void reset() {
    total.set(0);
    disconnects.set(0);
    paths.clear();
    models.clear();
    lastBodies.clear();
    lastHeaders.clear();
  }

  public JsonObject toJson() {
    JsonObject byPath = new JsonObject();
    paths.forEach((path, count) -> byPath.put(path, count.get()));
    JsonObject byModel = new JsonObject();
    models.forEach((model, count) -> byModel.put(model, count.get()));
    return new JsonObject().put("requests", total.get()).put("disconnects", disconnects.get())
        .put("paths", byPath).put("models", byModel);
  }
}
