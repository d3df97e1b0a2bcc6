package io.infergate.registry;

import io.infergate.bus.EndpointDefinition;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This node's copy of the registry, answering reads without a cluster round trip. Each id keeps
 * the highest revision applied, live or deleted, so a late change message or a stale snapshot
 * can never bring back a deleted endpoint or an older version.
 */
final class ReadView {

  private final Map<String, StoredEndpoint> entries = new ConcurrentHashMap<>();
  private final AtomicLong highestRevision = new AtomicLong();

  /** Applies a change unless the view already holds this id at the same or a later revision. */
  boolean apply(StoredEndpoint change) {
    boolean[] applied = {false};
    entries.compute(change.id(), (id, current) -> {
      if (current != null && current.revision() >= change.revision()) {
        return current;
      }
      applied[0] = true;
      return change;
    });
    highestRevision.accumulateAndGet(change.revision(), Math::max);
    return applied[0];
  }

  Optional<EndpointDefinition> get(String id) {
    StoredEndpoint entry = entries.get(id);
    return entry == null || entry.isTombstone() ? Optional.empty() : Optional.of(entry.definition());
  }

  Optional<StoredEndpoint> entry(String id) {
    return Optional.ofNullable(entries.get(id));
  }

  List<EndpointDefinition> list(String taskType) {
    return entries.values().stream()
        .filter(entry -> !entry.isTombstone())
        .map(StoredEndpoint::definition)
        .filter(endpoint -> taskType == null || taskType.equals(endpoint.taskType()))
        .sorted(Comparator.comparing(EndpointDefinition::inferenceId))
        .toList();
  }

  long highestRevision() {
    return highestRevision.get();
  }

  int size() {
    return (int) entries.values().stream().filter(entry -> !entry.isTombstone()).count();
  }

  /** Removes entries absent from a snapshot of the map, if they are not newer than it. */
  void dropMissing(java.util.Set<String> presentIds, long snapshotRevision) {
    entries.values().removeIf(entry -> !presentIds.contains(entry.id()) && entry.revision() <= snapshotRevision);
  }

  /** Forgets tombstones older than the retention: by then no message about them is in flight. */
  void forgetTombstones(long olderThanMillis) {
    entries.values().removeIf(entry -> entry.isTombstone() && entry.deletedAtMillis() < olderThanMillis);
  }
}
