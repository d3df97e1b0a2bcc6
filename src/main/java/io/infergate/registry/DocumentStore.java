package io.infergate.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.infergate.bus.EsError;
import io.infergate.cluster.HazelcastFutures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongFunction;
import java.util.stream.Collectors;

/**
 * One document kind's map in Hazelcast: id → {@link StoredDocument} as stored text, written
 * through to the durable store. Every write is conditional, on the owning partition, and takes its
 * revision from the cluster-wide counter, so the revisions of one id only ever grow. The writes and
 * reads return on the caller's context and never block; {@link #snapshot} and
 * {@link #purgeTombstones} block on the cluster (and the store behind it): run them on a worker.
 */
final class DocumentStore {

  /** A write that meets a later revision written meanwhile takes a new one; it gives up after this many. */
  private static final int MAX_ATTEMPTS = 20;

  private final Vertx vertx;
  private final IMap<String, String> map;
  private final Revisions revisions;
  private final Clock clock;
  private final String self;
  private final boolean durable;

  DocumentStore(Vertx vertx, HazelcastInstance hazelcast, DocumentKind<?> kind, Revisions revisions, Clock clock) {
    this.vertx = vertx;
    this.map = hazelcast.getMap(kind.mapName());
    this.revisions = revisions;
    this.clock = clock;
    this.self = hazelcast.getCluster().getLocalMember().getUuid().toString();
    this.durable = hazelcast.getConfig().getMapConfig(kind.mapName()).getMapStoreConfig().isEnabled();
  }

  String self() {
    return self;
  }

  /** The entry as the map holds it now (a tombstone included). */
  Future<Optional<StoredDocument>> read(String id) {
    return HazelcastFutures.onContext(map.getAsync(id), vertx.getOrCreateContext())
        .map(found -> Optional.ofNullable(found).map(encoded -> StoredDocument.decode(id, encoded)));
  }

  /** Creates the document unless a live one has the id (then {@code REFUSED}, with it as found). */
  Future<DocumentChange> create(String id, LongFunction<StoredDocument> at) {
    return atFreshRevision(id, revision -> new CreateDocument(at.apply(revision)), 1);
  }

  /** Replaces {@code expected} by the version made at a fresh revision, unless the entry changed meanwhile ({@code REFUSED}). */
  Future<DocumentChange> replace(StoredDocument expected, LongFunction<StoredDocument> at) {
    return atFreshRevision(expected.id(), revision -> new ReplaceDocument(expected, at.apply(revision)), 1);
  }

  /** Replaces the live document by its tombstone unless the guard refuses ({@code REFUSED}, with what was found). */
  Future<DocumentChange> delete(String id, DeleteGuard guard, List<String> identityFields) {
    return atFreshRevision(id,
        revision -> new DeleteDocument(guard, identityFields, revision, clock.millis(), self), 1);
  }

  /** Runs a kind's own processor on the entry: a change that takes no revision (references). */
  <R> Future<R> submit(String id, EntryProcessor<String, String, R> processor) {
    return HazelcastFutures.onContext(map.submitToKey(id, processor), vertx.getOrCreateContext());
  }

  /** Runs a kind's own processor on every entry; blocks on the cluster. */
  <R> Map<String, R> executeOnEntries(EntryProcessor<String, String, R> processor) {
    return map.executeOnEntries(processor);
  }

  /**
   * Takes a revision and runs the processor made with it on the id's entry; again with a new
   * revision while another member wrote the id with a later one in between.
   */
  private Future<DocumentChange> atFreshRevision(String id,
      LongFunction<EntryProcessor<String, String, DocumentChange>> processorAt, int attempt) {
    Context context = vertx.getOrCreateContext();
    return revisions.next(context)
        .compose(revision -> HazelcastFutures.onContext(map.submitToKey(id, processorAt.apply(revision)), context))
        .compose(change -> {
          if (change.status() != DocumentChange.Status.STALE_REVISION) {
            return Future.succeededFuture(change);
          }
          if (attempt >= MAX_ATTEMPTS) {
            return Future.failedFuture(new EsError(503, "version_conflict_engine_exception", "[" + id
                + "] kept changing while it was being written; retry").toException());
          }
          return atFreshRevision(id, processorAt, attempt + 1);
        });
  }

  /**
   * Every stored value, tombstones included, with the counter as read just before: an id missing
   * from the entries at or below that revision was deleted and purged. Blocking.
   */
  Snapshot snapshot() {
    reloadLostEntries();
    long revision = revisions.currentNow();
    return new Snapshot(revision, map.entrySet().stream()
        .map(entry -> StoredDocument.decode(entry.getKey(), entry.getValue())).toList());
  }

  record Snapshot(long revision, List<StoredDocument> entries) {
    Set<String> ids() {
      return entries.stream().map(StoredDocument::id).collect(Collectors.toSet());
    }
  }

  /**
   * Puts back from the durable store the entries that Hazelcast lost with their partition (its
   * owner and backup gone at once: two of three nodes killed together). They are still in the
   * store, and a write on one loads it, but listing the map's values does not: without this the
   * views would drop them when reloaded. Entries in the map are left as they are.
   */
  private void reloadLostEntries() {
    if (durable) {
      map.loadAll(false);
    }
  }

  /** The highest revision in the map, tombstones included: what a view with every change has. Blocking. */
  long highestRevision() {
    return map.aggregate(new HighestRevision());
  }

  /** Drops this member's tombstones older than the retention; the counter keeps revisions growing. Blocking. */
  int purgeTombstones(long olderThanMillis) {
    int purged = 0;
    for (String id : map.localKeySet()) {
      String encoded = map.get(id);
      if (encoded == null) {
        continue;
      }
      StoredDocument stored = StoredDocument.decode(id, encoded);
      if (stored.isTombstone() && stored.deletedAtMillis() < olderThanMillis && map.remove(id, encoded)) {
        purged++;
      }
    }
    return purged;
  }
}
