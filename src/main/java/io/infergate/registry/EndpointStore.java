package io.infergate.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.infergate.bus.EndpointDefinition;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * The endpoint registry in Hazelcast: id → {@link StoredEndpoint} as JSON text, plus the
 * cluster-wide revision counter. Every write is conditional on the exact value it replaces, and
 * takes its revision after reading that value, so the revisions of one id only ever grow.
 * {@link #create} and {@link #delete}, the common writes, do not block; every other call blocks
 * on the cluster (and the durable store behind it): run them on a worker.
 */
final class EndpointStore {

  static final String ENDPOINTS_MAP = "infergate.endpoints";
  static final String META_MAP = "infergate.meta";
  private static final String REVISION_KEY = "revision";

  private final IMap<String, String> endpoints;
  private final IMap<String, long[]> meta;
  private final Clock clock;
  private final String self;
  private final Executor continuation;
  private final boolean durable;

  /**
   * @param continuation where a write goes on after its revision arrives: not on the Hazelcast
   *                     thread that delivers it, which may be a partition thread, and those may
   *                     not call other members
   */
  EndpointStore(HazelcastInstance hazelcast, Clock clock, Executor continuation) {
    this.continuation = continuation;
    this.endpoints = hazelcast.getMap(ENDPOINTS_MAP);
    this.meta = hazelcast.getMap(META_MAP);
    this.clock = clock;
    this.self = hazelcast.getCluster().getLocalMember().getUuid().toString();
    this.durable = hazelcast.getConfig().getMapConfig(ENDPOINTS_MAP).getMapStoreConfig().isEnabled();
  }

  /** What a conditional write did. */
  sealed interface Outcome {
    record Applied(StoredEndpoint written, StoredEndpoint replaced) implements Outcome { }
    record Conflict(StoredEndpoint existing) implements Outcome { }
    record Missing() implements Outcome { }
    /** @param found the entry as it was, null when there was none */
    record Refused(StoredEndpoint found) implements Outcome { }
  }

  Optional<StoredEndpoint> get(String id) {
    return Optional.ofNullable(endpoints.get(id)).map(StoredEndpoint::decode);
  }

  /**
   * Every stored value, tombstones included, with the counter as read just before: an id missing
   * from the entries at or below that revision was deleted and purged. Blocking.
   */
  Snapshot snapshot() {
    reloadLostEntries();
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

  /**
   * Creates the endpoint unless a live one has the id ({@code Conflict} names it): a revision and
   * one conditional write, also over a tombstone. Does not block.
   */
  CompletionStage<Outcome> create(EndpointDefinition endpoint) {
    return writeAtFreshRevision(endpoint.inferenceId(),
        revision -> new CreateEndpoint(StoredEndpoint.live(endpoint, revision, self)))
        .thenApply(change -> change.status() == EntryChange.Status.WRITTEN
            ? new Outcome.Applied(change.writtenEntry(), change.foundEntry())
            : new Outcome.Conflict(change.foundEntry()));
  }

  /**
   * Replaces the live endpoint by a tombstone unless the rules refuse ({@code Refused} carries
   * what was found, so the caller can say why): a revision and one conditional write. Does not block.
   */
  CompletionStage<Outcome> delete(String id, DeleteRules rules) {
    return writeAtFreshRevision(id, revision -> new DeleteEndpoint(rules, revision, clock.millis(), self))
        .thenApply(change -> change.status() == EntryChange.Status.WRITTEN
            ? new Outcome.Applied(change.writtenEntry(), change.foundEntry())
            : new Outcome.Refused(change.foundEntry()));
  }

  /**
   * Takes a revision and runs the processor made with it on the id's entry; again with a new
   * revision while another member wrote the id with a later one in between. Ends written or refused.
   */
  private CompletionStage<EntryChange> writeAtFreshRevision(String id,
      LongFunction<EntryProcessor<String, String, EntryChange>> processorAt) {
    return nextRevision().thenComposeAsync(revision ->
        HazelcastFutures.onCaller(endpoints.submitToKey(id, processorAt.apply(revision)))
            .thenComposeAsync(change -> change.status() == EntryChange.Status.STALE_REVISION
                ? writeAtFreshRevision(id, processorAt)
                : CompletableFuture.completedFuture(change), continuation), continuation);
  }

  /** Adds, renews or ends a reference; {@code Refused} carries what was found. */
  Outcome declareReference(String id, DeclareReference declaration) {
    EntryChange change = endpoints.executeOnKey(id, declaration);
    return change.status() == EntryChange.Status.WRITTEN
        ? new Outcome.Applied(change.writtenEntry(), change.foundEntry())
        : new Outcome.Refused(change.foundEntry());
  }

  /** Ends every reference held by a node that is not among {@code members}; returns how many. */
  int releaseReferencesOfNodesOtherThan(Set<String> members) {
    return endpoints.executeOnEntries(new ReleaseOrphanReferences(members)).values().stream()
        .mapToInt(Integer::intValue).sum();
  }

  /**
   * Replaces the live endpoint by {@code replacement} (same id) if it is still exactly
   * {@code expected}. {@code Missing} when it is gone, {@code Conflict} when it was replaced.
   */
  Outcome update(StoredEndpoint expected, EndpointDefinition replacement) {
    StoredEndpoint written = StoredEndpoint.live(replacement, nextRevisionNow(), self, expected.references());
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

  /**
   * Puts back from the durable store the entries that Hazelcast lost with their partition (its
   * owner and backup gone at once: two of three nodes killed together). They are still in the
   * store, and a write on one loads it, but listing the map's values does not: without this the
   * views would drop them when reloaded. Entries in the map are left as they are.
   */
  private void reloadLostEntries() {
    if (durable) {
      endpoints.loadAll(false);
    }
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

  private CompletionStage<Long> nextRevision() {
    return HazelcastFutures.onCaller(meta.submitToKey(REVISION_KEY, new RevisionIncrement()));
  }

  private long nextRevisionNow() {
    return meta.executeOnKey(REVISION_KEY, new RevisionIncrement());
  }
}
