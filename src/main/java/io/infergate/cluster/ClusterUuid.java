package io.infergate.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.MapStore;
import java.util.UUID;

/**
 * The cluster's id ({@code cluster_uuid} in {@code GET /}): the first node to start names the
 * cluster and every later node reads the same id. Kept in a map that a durable store writes
 * through, so that it stays the same across a full-cluster restart; with the memory store a
 * restarted cluster has a new one.
 */
public final class ClusterUuid {

  static final String MAP = "infergate.cluster";
  private static final String KEY = "cluster_uuid";

  private ClusterUuid() {
  }

  /** Declares the map, written through to {@code store} unless it is null (the memory store). */
  public static void declare(ClusterLayout layout, MapStore<String, String> store) {
    if (store == null) {
      layout.map(MAP, 1);
    } else {
      layout.durableMap(MAP, 1, store, null);
    }
  }

  /** The cluster's id, named now if no node has named it yet; blocks on the cluster. */
  public static String getOrCreate(HazelcastInstance hazelcast) {
    String fresh = UUID.randomUUID().toString();
    String existing = hazelcast.<String, String>getMap(MAP).putIfAbsent(KEY, fresh);
    return existing == null ? fresh : existing;
  }
}
