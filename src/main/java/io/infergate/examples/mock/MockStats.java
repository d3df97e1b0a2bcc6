package io.infergate.examples.mock;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What reached the mock: requests per path as sent (fault prefix included) and per model named in
 * the body, connections clients closed before the answer, the last body per path, and when each
 * request arrived (the most recent {@value #MAX_ARRIVALS}), to count them per time window as a rate
 * limit sees them. Tests assert "no more requests" with it; scripts read it as {@code GET /_mock/stats}
 * ({@code ?window_ms=10000} adds the counts per window).
 */
public final class MockStats {

  static final int MAX_ARRIVALS = 100_000;

  private final AtomicLong total = new AtomicLong();
  private final ConcurrentLinkedDeque<Arrival> arrivals = new ConcurrentLinkedDeque<>();

  private record Arrival(long atMillis, String path) {
  }
  private final AtomicLong disconnects = new AtomicLong();
  private final Map<String, AtomicLong> paths = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> models = new ConcurrentHashMap<>();
  private final Map<String, JsonObject> lastBodies = new ConcurrentHashMap<>();
  private final Map<String, Map<String, String>> lastHeaders = new ConcurrentHashMap<>();
  private final Map<String, String> lastBearerHashes = new ConcurrentHashMap<>();

  /**
   * Counts a request; returns how many requests {@code path} has had, this one included.
   *
   * @param bearerKey the request's bearer token, or null; only its hash is kept
   */
  long record(String path, String servedPath, JsonObject body, Map<String, String> headers, String bearerKey) {
    total.incrementAndGet();
    arrivals.addLast(new Arrival(System.currentTimeMillis(), path));
    if (total.get() > MAX_ARRIVALS) {
      arrivals.pollFirst();
    }
    long nth = paths.computeIfAbsent(path, key -> new AtomicLong()).incrementAndGet();
    if (body.getValue("model") instanceof String model) {
      models.computeIfAbsent(model, key -> new AtomicLong()).incrementAndGet();
    }
    lastBodies.put(servedPath, body);
    lastHeaders.put(servedPath, headers);
    lastBearerHashes.put(servedPath, bearerKey == null ? "" : sha256(bearerKey));
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

  /**
   * The SHA-256 (lower-case hex) of the last request's bearer token at {@code path}; empty without
   * one; null before any request. A test compares it with the key it configured, which the mock
   * never stores.
   */
  public String lastBearerSha256(String path) {
    return lastBearerHashes.get(path);
  }

  public static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Requests per window of {@code windowMs} since {@code fromMillis} (epoch milliseconds), in order:
   * element {@code i} counts arrivals in {@code [from + i * window, from + (i + 1) * window)}.
   *
   * @param pathPrefix only requests whose path (as sent) starts with it; null for all
   */
  public List<Long> perWindow(String pathPrefix, long fromMillis, long windowMs) {
    List<Long> counts = new ArrayList<>();
    for (Arrival arrival : arrivals) {
      long at = arrival.atMillis();
      if (at < fromMillis || (pathPrefix != null && !arrival.path().startsWith(pathPrefix))) {
        continue;
      }
      int window = (int) ((at - fromMillis) / windowMs);
      while (counts.size() <= window) {
        counts.add(0L);
      }
      counts.set(window, counts.get(window) + 1);
    }
    return counts;
  }

  public void reset() {
    arrivals.clear();
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

  /** {@link #toJson()} with the requests per window of {@code windowMs} since the first one kept. */
  public JsonObject toJson(long windowMs) {
    Arrival first = arrivals.peekFirst();
    return toJson().put("window_ms", windowMs).put("first_arrival_ms", first == null ? null : first.atMillis())
        .put("per_window", new JsonArray(first == null ? List.of() : perWindow(null, first.atMillis(), windowMs)));
  }
}
