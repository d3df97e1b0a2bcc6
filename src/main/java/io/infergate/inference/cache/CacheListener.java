package io.infergate.inference.cache;

/**
 * Told of every lookup in the {@link ResultCache}, on the thread of the perform request (an event
 * loop): the seam for per-endpoint usage figures. Implementations must be quick and must not block.
 */
public interface CacheListener {

  /** Counts nothing. */
  CacheListener NONE = new CacheListener() {
  };

  /** A request to this endpoint was answered from the cache: no provider call, no rate-limit token. */
  default void onHit(String inferenceId) {
  }

  /** A cacheable request to this endpoint found nothing cached and goes to its service. */
  default void onMiss(String inferenceId) {
  }
}
