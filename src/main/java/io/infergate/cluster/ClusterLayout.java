package io.infergate.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.MapStoreConfig;
import com.hazelcast.config.RingbufferStoreConfig;
import com.hazelcast.map.MapStore;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.ringbuffer.RingbufferStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The data structures a node's components need in Hazelcast, described by them and applied to the
 * configuration by {@link HazelcastConfigFactory} only: maps (synchronous backups, an optional
 * write-through store loaded eagerly at start, an optional merge policy), ringbuffers with their
 * retention (and an optional write-through store), serializer factories, and objects that policies find in the user context.
 */
public final class ClusterLayout {

  private final List<Consumer<Config>> steps = new ArrayList<>();

  /**
   * A map with {@code backups} synchronous backups (or more, if conf/cluster.xml asks for more;
   * none when 0), kept in memory only.
   */
  public ClusterLayout map(String name, int backups) {
    steps.add(config -> backups(config.getMapConfig(name), backups));
    return this;
  }

  private static MapConfig backups(MapConfig map, int backups) {
    return map.setBackupCount(backups == 0 ? 0 : Math.max(backups, map.getBackupCount()));
  }

  /**
   * A map written through to {@code store} before each write returns, and loaded from it eagerly
   * when the cluster starts; after a split brain, entries merge by {@code mergePolicy} (a class name).
   */
  public ClusterLayout durableMap(String name, int backups, MapStore<String, ?> store, String mergePolicy) {
    steps.add(config -> {
      MapConfig map = backups(config.getMapConfig(name), backups);
      map.setMapStoreConfig(new MapStoreConfig()
          .setEnabled(true)
          .setImplementation(store)
          .setWriteDelaySeconds(0)
          .setInitialLoadMode(MapStoreConfig.InitialLoadMode.EAGER));
      if (mergePolicy != null) {
        map.getMergePolicyConfig().setPolicy(mergePolicy);
      }
    });
    return this;
  }

  /** A ringbuffer with one backup that keeps {@code capacity} items for at most {@code age}. */
  public ClusterLayout ringbuffer(String name, int capacity, Duration age) {
    steps.add(config -> config.getRingbufferConfig(name)
        .setBackupCount(1)
        .setCapacity(capacity)
        .setTimeToLiveSeconds((int) Math.min(Integer.MAX_VALUE, age.toSeconds())));
    return this;
  }

  /**
   * A ringbuffer as {@link #ringbuffer}, each item written to {@code store} before its append
   * returns; a ringbuffer started anew (a full-cluster restart, or both copies of its partition
   * lost) goes on after the store's largest sequence, and reads below what memory holds load from
   * the store.
   */
  public ClusterLayout durableRingbuffer(String name, int capacity, Duration age, RingbufferStore<String> store) {
    ringbuffer(name, capacity, age);
    // Kept as objects, the store receives the items themselves rather than Hazelcast's serialized bytes.
    steps.add(config -> config.getRingbufferConfig(name)
        .setInMemoryFormat(InMemoryFormat.OBJECT)
        .setRingbufferStoreConfig(new RingbufferStoreConfig().setEnabled(true).setStoreImplementation(store)));
    return this;
  }

  /** Hazelcast creates the objects of {@code factoryId} with this factory when they arrive from another member. */
  public ClusterLayout serializers(int factoryId, DataSerializableFactory factory) {
    steps.add(config -> config.getSerializationConfig().addDataSerializableFactory(factoryId, factory));
    return this;
  }

  public ClusterLayout userContext(String key, Object value) {
    steps.add(config -> config.getUserContext().put(key, value));
    return this;
  }

  void applyTo(Config config) {
    steps.forEach(step -> step.accept(config));
  }
}
