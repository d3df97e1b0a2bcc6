package io.infergate.inference.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.infergate.bus.CurrentEndpoint;
import io.infergate.bus.EndpointLookup;
import io.infergate.inference.TaskType;
import io.infergate.inference.perform.InferenceResult;
import io.infergate.inference.perform.PerformRequest;
import io.vertx.core.json.JsonObject;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This node's cache of perform results, for endpoints with {@code service_settings.cache.enabled}
 * and task types whose result depends only on the request. It cannot serve a stale result: every
 * key carries the endpoint's revision ({@link CacheKey}), and this node's view has the new revision
 * before an update or delete is acknowledged. A changed endpoint's entries are also dropped at once
 * ({@link #watch}), only to free their room. Results are stored as the service returned them and
 * never mutated after (rendering them is read-only); failures are never stored.
 */
public final class ResultCache {

  private static final Set<TaskType> CACHEABLE =
      EnumSet.of(TaskType.TEXT_EMBEDDING, TaskType.SPARSE_EMBEDDING, TaskType.RERANK);

  private final Cache<CacheKey, InferenceResult> results;
  private final CacheListener listener;
  private final Executor evictions;
  private final Set<String> changed = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean evictionScheduled = new AtomicBoolean();

  ResultCache(CacheSettings settings, CacheListener listener, Ticker ticker, Executor executor) {
    this.results = Caffeine.newBuilder()
        .maximumSize(settings.maxEntries())
        .expireAfterWrite(settings.ttl())
        .ticker(ticker)
        .executor(executor)
        .build();
    this.listener = listener;
    this.evictions = executor;
  }

  /** @param listener told of every hit and miss (per endpoint usage figures); {@link CacheListener#NONE} */
  public static ResultCache create(CacheSettings settings, CacheListener listener) {
    return new ResultCache(settings, listener, Ticker.systemTicker(), ForkJoinPool.commonPool());
  }

  /** Drops an endpoint's entries whenever this node's view of it changes. */
  public void watch(EndpointLookup endpoints) {
    endpoints.onChange(this::evict);
  }

  /** The key of a (non-streamed) request, or null when its endpoint does not cache it. */
  public CacheKey keyFor(CurrentEndpoint endpoint, PerformRequest request) {
    return CACHEABLE.contains(request.taskType()) && enabled(endpoint.definition().serviceSettings())
        ? CacheKey.of(endpoint, request) : null;
  }

  /** The cached result, or null; the listener hears of either. */
  public InferenceResult get(CacheKey key) {
    InferenceResult result = results.getIfPresent(key);
    if (result == null) {
      listener.onMiss(key.inferenceId());
    } else {
      listener.onHit(key.inferenceId());
    }
    return result;
  }

  /** Keeps a successful result; it must not be mutated after. */
  public void put(CacheKey key, InferenceResult result) {
    results.put(key, result);
  }

  /**
   * Drops the entries of this endpoint, soon and off the caller's thread: view changes arrive on
   * the registry's event loop, many at once when a view catches up, and finding an id's entries
   * scans the whole cache. Ids that change before a scan runs share it. Nothing waits for it: an
   * entry of an older revision can no longer be found, the scan only frees its room early.
   */
  public void evict(String inferenceId) {
    if (results.estimatedSize() == 0) {
      return; // nothing to drop: no scan, and no thread woken for it on every write
    }
    changed.add(inferenceId);
    if (evictionScheduled.compareAndSet(false, true)) {
      evictions.execute(this::evictChanged);
    }
  }

  private void evictChanged() {
    evictionScheduled.set(false);
    Set<String> ids = new HashSet<>(changed);
    changed.removeAll(ids);
    if (!ids.isEmpty()) {
      results.asMap().keySet().removeIf(key -> ids.contains(key.inferenceId()));
    }
  }

  /** How many results are kept, after pending size and time evictions. */
  long size() {
    results.cleanUp();
    return results.estimatedSize();
  }

  private static boolean enabled(JsonObject serviceSettings) {
    return serviceSettings.getValue("cache") instanceof JsonObject cache && Boolean.TRUE.equals(cache.getValue("enabled"));
  }
}
