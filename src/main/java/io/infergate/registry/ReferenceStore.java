package io.infergate.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Who declared that they use an endpoint: id → {@code {"references":[{"holder","holder_node","since"}]}}.
 * Changes of one id's references, and deletions of that endpoint, run under the same cluster-wide
 * key lock, so a reference can never be added to an endpoint that a non-forced delete is removing.
 * Calls block on the cluster: run them on a worker.
 */
final class ReferenceStore {

  static final String MAP_NAME = "infergate.references";

  private final IMap<String, String> references;

  ReferenceStore(HazelcastInstance hazelcast) {
    this.references = hazelcast.getMap(MAP_NAME);
  }

  /** Runs {@code work} holding the lock of the endpoint's references. */
  <T> T locked(String id, Callable<T> work) throws Exception {
    references.lock(id);
    try {
      return work.call();
    } finally {
      references.unlock(id);
    }
  }

  List<JsonObject> of(String id) {
    String value = references.get(id);
    if (value == null) {
      return List.of();
    }
    return new JsonObject(value).getJsonArray("references").stream().map(JsonObject.class::cast).toList();
  }

  /** Adds or renews the holder's reference; the caller holds the lock. */
  void add(String id, String holder, String holderNode, long since) {
    JsonArray kept = without(of(id), holder);
    JsonObject reference = new JsonObject().put("holder", holder).put("since", since);
    if (holderNode != null) {
      reference.put("holder_node", holderNode);
    }
    kept.add(reference);
    references.set(id, new JsonObject().put("references", kept).encode());
  }

  /** Removes the holder's reference; returns whether it existed. The caller holds the lock. */
  boolean remove(String id, String holder) {
    List<JsonObject> current = of(id);
    JsonArray kept = without(current, holder);
    if (kept.size() == current.size()) {
      return false;
    }
    write(id, kept);
    return true;
  }

  void removeAll(String id) {
    references.delete(id);
  }

  /** Ends every reference held by a node that is not among {@code members}; returns how many. */
  int releaseNodesOtherThan(Set<String> members) {
    int released = 0;
    for (String id : references.keySet()) {
      released += releaseOrphans(id, members);
    }
    return released;
  }

  private int releaseOrphans(String id, Set<String> members) {
    references.lock(id);
    try {
      List<JsonObject> current = of(id);
      JsonArray kept = new JsonArray(current.stream()
          .filter(reference -> !reference.containsKey("holder_node") || members.contains(reference.getString("holder_node")))
          .toList());
      if (kept.size() != current.size()) {
        write(id, kept);
      }
      return current.size() - kept.size();
    } finally {
      references.unlock(id);
    }
  }

  private void write(String id, JsonArray kept) {
    if (kept.isEmpty()) {
      references.delete(id);
    } else {
      references.set(id, new JsonObject().put("references", kept).encode());
    }
  }

  private static JsonArray without(List<JsonObject> references, String holder) {
    return new JsonArray(new java.util.ArrayList<Object>(
        references.stream().filter(reference -> !holder.equals(reference.getString("holder"))).toList()));
  }
}
