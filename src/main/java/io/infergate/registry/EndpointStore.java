package io.infergate.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.infergate.bus.EndpointDefinition;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The endpoint registry in Hazelcast: id → {@link StoredEndpoint} as JSON text, plus the
 * cluster-wide revision counter. Every write is conditional on the exact value it replaces, and
 * takes its revision after reading that value, so the revisions of one id only ever grow.
 * Every call blocks on the cluster (and the durable store behind it): run them on a worker.
 */
final class EndpointStore {

  static final String ENDPOINTS_MAP = "infergate.endpoints";
  static final String META_MAP = "infergate.meta";
  private static final String REVISION_KEY = "revision";

  private final IMap<String, String> endpoints;
  private final IMap<String, long[]> meta;
  private final Clock clock;
  private final String self;

  EndpointStore(HazelcastInstance hazelcast, Clock clock) {
    this.endpoints = hazelcast.getMap(ENDPOINTS_MAP);
    this.meta = hazelcast.getMap(META_MAP);
    this.clock = clock;
    this.self = hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  /** What a conditional write did. */
  sealed interface Outcome {
    record Applied(StoredEndpoint written, StoredEndpoint replaced) implements Outcome { }
    record Conflict(StoredEndpoint existing) implements Outcome { }
    record Missing() implements Outcome { }
  }

  Optional<StoredEndpoint> get(String id) {
    return Optional.ofNullable(endpoints.get(id)).map(StoredEndpoint::decode);
  }

  /**
   * Every stored value, tombstones included, with the counter as read just before: an id missing
   * from the entries at or below that revision was deleted and purged.
   */
  Snapshot snapshot() {
    long revision = currentRevision();
    return new Snapshot(revision, endpoints.values().stream().map(StoredEndpoint::decode).toList());
  }

  record Snapshot(long revision, List<StoredEndpoint> entries) {
    Set<String> ids() {
      return entries.stream().map(StoredEndpoint::id).collect(Collectors.toSet());
    }
  }

  long currentRevision() {
    long[] value = meta.get(REVISION_KEY);
    return value == null ? 0 : value[0];
  }

  /** Creates the endpoint unless a live one has the id: {@code Conflict} names it. */
  Outcome create(EndpointDefinition endpoint) {
    // The common case, an id never used or long purged: one put. Its revision is fresh, so above
    // anything stored for the id before (a tombstone found here sends us the long way round).
    StoredEndpoint first = StoredEndpoint.live(endpoint, nextRevision(), self);
    String found = endpoints.putIfAbsent(endpoint.inferenceId(), first.encoded());
    if (found == null || found.equals(first.encoded())) {
      return new Outcome.Applied(first, null);
    }
    if (!StoredEndpoint.decode(found).isTombstone()) {
      return new Outcome.Conflict(StoredEndpoint.decode(found));
    }
    while (true) {
      Optional<StoredEndpoint> current = get(endpoint.inferenceId());
      if (current.isPresent() && !current.get().isTombstone()) {
        return new Outcome.Conflict(current.get());
      }
      StoredEndpoint written = StoredEndpoint.live(endpoint, nextRevision(), self);
      boolean applied = current.isEmpty()
          ? endpoints.putIfAbsent(endpoint.inferenceId(), written.encoded()) == null
          : endpoints.replace(endpoint.inferenceId(), current.get().encoded(), written.encoded());
      if (applied || holds(written)) {
        return new Outcome.Applied(written, current.orElse(null));
      }
    }
  }

  /**
   * Replaces the live endpoint by a tombstone if it is still exactly {@code expected}: a
   * compare-and-delete. {@code Missing} when it is gone, {@code Conflict} when it was replaced.
   */
  Outcome delete(StoredEndpoint expected) {
    StoredEndpoint tombstone = StoredEndpoint.tombstone(expected.id(), nextRevision(), clock.millis(), self);
    if (endpoints.replace(expected.id(), expected.encoded(), tombstone.encoded()) || holds(tombstone)) {
      return new Outcome.Applied(tombstone, expected);
    }
    return live(expected.id()).<Outcome>map(Outcome.Conflict::new).orElseGet(Outcome.Missing::new);
  }

  /**
   * Replaces the live endpoint by {@code replacement} (same id) if it is still exactly
   * {@code expected}. {@code Missing} when it is gone, {@code Conflict} when it was replaced.
   */
  Outcome update(StoredEndpoint expected, EndpointDefinition replacement) {
    StoredEndpoint written = StoredEndpoint.live(replacement, nextRevision(), self);
    if (endpoints.replace(expected.id(), expected.encoded(), written.encoded()) || holds(written)) {
      return new Outcome.Applied(written, expected);
    }
    return live(expected.id()).<Outcome>map(Outcome.Conflict::new).orElseGet(Outcome.Missing::new);
  }

  /**
   * True when the map holds exactly this value: a conditional write that Hazelcast retried after a
   * member failure can report a conflict with itself. The revision makes the value unique.
   */
  private boolean holds(StoredEndpoint written) {
    return written.encoded().equals(endpoints.get(written.id()));
  }

  /** The live endpoint with this id, if any. */
  Optional<StoredEndpoint> live(String id) {
    return get(id).filter(found -> !found.isTombstone());
  }

  /** Drops this member's tombstones older than the retention; the counter keeps revisions growing. */
  int purgeTombstones(long olderThanMillis) {
    int purged = 0;
    for (String id : endpoints.localKeySet()) {
      String encoded = endpoints.get(id);
      if (encoded == null) {
        continue;
      }
      StoredEndpoint stored = StoredEndpoint.decode(encoded);
      if (stored.isTombstone() && stored.deletedAtMillis() < olderThanMillis && endpoints.remove(id, encoded)) {
        purged++;
      }
    }
    return purged;
  }

  private long nextRevision() {
    return meta.executeOnKey(REVISION_KEY, new RevisionIncrement());
  }
}
