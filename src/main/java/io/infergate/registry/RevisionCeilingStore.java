package io.infergate.registry;

import com.hazelcast.map.MapStore;
import io.infergate.store.JdbcMapStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes the revision counter durable through its ceiling only (see {@link RevisionIncrement}):
 * a write reaches the database when the ceiling moves, once per block of revisions; a load
 * resumes the counter at the stored ceiling.
 */
final class RevisionCeilingStore implements MapStore<String, long[]> {

  private final JdbcMapStore<Long> ceilings;
  private final Map<String, Long> stored = new ConcurrentHashMap<>();

  RevisionCeilingStore(JdbcMapStore<Long> ceilings) {
    this.ceilings = ceilings;
  }

  @Override
  public void store(String key, long[] value) {
    Long previous = stored.computeIfAbsent(key, ceilings::load);
    if (previous != null && value[1] < previous) {
      // RevisionIncrement never lowers the ceiling: a raw write set the counter back. The higher
      // ceiling stays stored (a restart resumes above it); writes that meet a later revision in
      // their entry take one above it (DocumentStore).
      return;
    }
    if (previous == null || previous != value[1]) {
      ceilings.store(key, value[1]);
      stored.put(key, value[1]);
    }
  }

  @Override
  public void storeAll(Map<String, long[]> entries) {
    entries.forEach(this::store);
  }

  @Override
  public void delete(String key) {
    throw new IllegalStateException("refused to remove the revision counter [" + key + "]: revisions would repeat");
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    keys.forEach(this::delete);
  }

  @Override
  public long[] load(String key) {
    Long ceiling = ceilings.load(key);
    return ceiling == null ? null : new long[] {ceiling, ceiling};
  }

  @Override
  public Map<String, long[]> loadAll(Collection<String> keys) {
    Map<String, long[]> loaded = new HashMap<>();
    ceilings.loadAll(keys).forEach((key, ceiling) -> loaded.put(key, new long[] {ceiling, ceiling}));
    return loaded;
  }

  @Override
  public Iterable<String> loadAllKeys() {
    return ceilings.loadAllKeys();
  }
}
