package io.infergate.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.infergate.bus.EndpointDefinition;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
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

  /**
   * Creates the endpoint unless a live one has the id ({@code Conflict} names it): a revision and
   * one conditional write, also over a tombstone. Does not block.
   */
  CompletionStage<Outcome> create(EndpointDefinition endpoint) {
    return nextRevision().thenComposeAsync(revision -> {
      StoredEndpoint created = StoredEndpoint.live(endpoint, revision, self);
      return onCaller(endpoints.submitToKey(endpoint.inferenceId(), new CreateEndpoint(created)))
          .thenComposeAsync(change -> switch (change.status()) {
            case WRITTEN -> CompletableFuture.completedFuture(new Outcome.Applied(created, change.foundEntry()));
            case REFUSED -> CompletableFuture.completedFuture(new Outcome.Conflict(change.foundEntry()));
            // another member wrote this id with a later revision in between
            case STALE_REVISION -> create(endpoint);
          }, continuation);
    }, continuation);
  }

  /**
   * Replaces the live endpoint by a tombstone unless the rules refuse ({@code Refused} carries
   * what was found, so the caller can say why): a revision and one conditional write. Does not block.
   */
  CompletionStage<Outcome> delete(String id, DeleteRules rules) {
    return nextRevision().thenComposeAsync(revision ->
        onCaller(endpoints.submitToKey(id, new DeleteEndpoint(rules, revision, clock.millis(), self)))
            .thenComposeAsync(change -> switch (change.status()) {
              case WRITTEN -> CompletableFuture.completedFuture(
                  new Outcome.Applied(change.writtenEntry(), change.foundEntry()));
              case REFUSED -> CompletableFuture.completedFuture(new Outcome.Refused(change.foundEntry()));
              case STALE_REVISION -> delete(id, rules);
            }, continuation), continuation);
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
    return onCaller(meta.submitToKey(REVISION_KEY, new RevisionIncrement()));
  }

  private long nextRevisionNow() {
    return meta.executeOnKey(REVISION_KEY, new RevisionIncrement());
  }

  /**
   * A plain future completed by whichever thread completes Hazelcast's: its own dependent stages
   * would run on the common fork-join pool, which with two cores or fewer is a new thread per
   * stage. Only quick, non-blocking work may depend on it directly; not another cluster call.
   */
  static <T> CompletableFuture<T> onCaller(CompletionStage<T> hazelcast) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    hazelcast.whenCompleteAsync((value, failure) -> {
      if (failure != null) {
        plain.completeExceptionally(failure);
      } else {
        plain.complete(value);
      }
    }, Runnable::run);
    return plain;
  }
}
