package io.infergate.inference.cache;

import io.infergate.inference.TimeValue;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The node's {@code inference.cache} settings: {@code max_entries} (10000) results kept at most,
 * each for {@code ttl} (an Elasticsearch time value, {@code 1h}) after it was stored.
 */
public record CacheSettings(long maxEntries, Duration ttl) {

  public static final long DEFAULT_MAX_ENTRIES = 10_000;
  public static final String DEFAULT_TTL = "1h";

  public CacheSettings {
    if (maxEntries < 0) {
      throw new IllegalArgumentException("inference.cache.max_entries must be 0 or more, got [" + maxEntries + "]");
    }
  }

  public static CacheSettings fromJson(JsonObject json) {
    long maxEntries = json.getLong("max_entries", DEFAULT_MAX_ENTRIES);
    String ttl = json.getString("ttl", DEFAULT_TTL);
    return new CacheSettings(maxEntries, Duration.ofMillis(TimeValue.millis("inference.cache.ttl", ttl)));
  }

  public static CacheSettings defaults() {
    return fromJson(new JsonObject());
  }
}
