package io.infergate.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.infergate.bus.EndpointDefinition;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The endpoint registry in Hazelcast: id → the stored endpoint (secrets included) as JSON text.
 * Every call blocks on the cluster, so callers run them on a worker thread.
 */
final class EndpointStore {

  static final String MAP_NAME = "infergate.endpoints";

  private final IMap<String, String> map;

  EndpointStore(HazelcastInstance hazelcast) {
    this.map = hazelcast.getMap(MAP_NAME);
  }

  /** Stores the endpoint unless the id is taken; returns the endpoint already there, if any. */
  Optional<StoredEndpoint> putIfAbsent(EndpointDefinition endpoint) {
    String previous = map.putIfAbsent(endpoint.inferenceId(), endpoint.toJsonWithSecrets().encode());
    return Optional.ofNullable(previous).map(StoredEndpoint::decode);
  }

  Optional<StoredEndpoint> get(String id) {
    return Optional.ofNullable(map.get(id)).map(StoredEndpoint::decode);
  }

  List<StoredEndpoint> all() {
    Collection<String> values = map.values();
    return values.stream().map(StoredEndpoint::decode).toList();
  }

  /** Removes the endpoint only if it is still exactly {@code expected}: an atomic compare-and-delete. */
  boolean remove(StoredEndpoint expected) {
    return map.remove(expected.definition().inferenceId(), expected.encoded());
  }

  /** A stored value with the exact text it was stored as, so compare-and-delete can match it. */
  record StoredEndpoint(EndpointDefinition definition, String encoded) {

    static StoredEndpoint decode(String encoded) {
      return new StoredEndpoint(EndpointDefinition.fromJson(new JsonObject(encoded)), encoded);
    }
  }
}
