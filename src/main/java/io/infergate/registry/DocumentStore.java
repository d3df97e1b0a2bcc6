package io.infergate.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.infergate.bus.EsError;
import io.infergate.cluster.HazelcastFutures;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
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
 *
 * <p>An entry whose MAC does not verify ({@link EntrySeal}) was written by a process without the
 * cluster secret: it is never returned, reported (the log and audit trail), and repaired from the durable
 * store (evicted from memory, so that the next read loads the store's row, or nothing).
 */
final class DocumentStore {

  /** A write that meets a later revision written meanwhile takes a new one; it gives up after this many. */
  private static final int MAX_ATTEMPTS = 20;
  /** A write that finds a forged value repairs it and tries again; it gives up after this many. */
  private static final int MAX_REPAIRS = 3;

  private final Vertx vertx;
  private final IMap<String, String> map;
  private final Revisions revisions;
  private final Clock clock;
  private final String self;
  private final boolean durable;
  private final EntrySeal seal;
  private final WorkerExecutor blocking;

  DocumentStore(Vertx vertx, HazelcastInstance hazelcast, DocumentKind<?> kind, Revisions revisions, Clock clock,
      WorkerExecutor blocking) {
    this.vertx = vertx;
    this.seal = EntrySigner.of(hazelcast).forKind(kind.name());
    this.blocking = blocking;
    this.map = hazelcast.getMap(kind.mapName());
    this.revisions = revisions;
    this.clock = clock;
    this.self = hazelcast.getCluster().getLocalMember().getUuid().toString();
    this.durable = hazelcast.getConfig().getMapConfig(kind.mapName()).getMapStoreConfig().isEnabled();
  }

  String self() {
    return self;
  }

  EntrySeal seal() {
    return seal;
  }

  /**
   * The entry as the map holds it now (a tombstone included). One without a valid MAC, or older than
   * {@code atLeast} (a signed value of an earlier revision put back: this node's view already had a
   * later one, which the map held first), is repaired first.
   */
  Future<Optional<StoredDocument>> read(String id, long atLeast) {
    return readOnce(id).compose(found -> {
      if (found == null || (seal.isValid(id, found) && StoredDocument.decode(id, found).revision() >= atLeast)) {
        return verified(id, found);
      }
      String what = seal.isValid(id, found) ? "an earlier revision (put back) found by a read" : "the value found by a read";
      return repair(id, what).compose(repaired -> readOnce(id)).compose(again -> verified(id, again));
    });
  }

  private Future<String> readOnce(String id) {
    return HazelcastFutures.onContext(map.getAsync(id), vertx.getOrCreateContext());
  }

  private Future<Optional<StoredDocument>> verified(String id, String found) {
    if (found == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return seal.open(id, found).map(stored -> Future.succeededFuture(Optional.of(stored)))
        .orElseGet(() -> Future.failedFuture(unrepairable(id).toException()));
  }

  private EsError unrepairable(String id) {
    return new EsError(503, "security_exception", "the entry [" + id + "] of [" + seal.kind()
        + "] carries no valid MAC and could not be repaired from the store; retry later");
  }

  /**
   * Reports an entry without a valid MAC and drops it from memory: the next read of the id loads the
   * store's row (the store accepts signed values only), or finds nothing.
   */
  private Future<Void> repair(String id, String where) {
    seal.reportRefused(id, where);
    return blocking.executeBlocking(() -> {
      map.evict(id);
      return null;
    }, false);
  }

  /** Creates the document unless a live one has the id (then {@code REFUSED}, with it as found). */
  Future<DocumentChange> create(String id, LongFunction<StoredDocument> at) {
    return atFreshRevision(id, revision -> new CreateDocument(seal.kind(), at.apply(revision)), 1);
  }

  /** Replaces {@code expected} by the version made at a fresh revision, unless the entry changed meanwhile ({@code REFUSED}). */
  Future<DocumentChange> replace(StoredDocument expected, LongFunction<StoredDocument> at) {
    return atFreshRevision(expected.id(), revision -> new ReplaceDocument(expected, at.apply(revision)), 1);
  }

  /** Replaces the live document by its tombstone unless the guard refuses ({@code REFUSED}, with what was found). */
  Future<DocumentChange> delete(String id, DeleteGuard guard, List<String> identityFields) {
    return atFreshRevision(id,
        revision -> new DeleteDocument(seal.kind(), guard, identityFields, revision, clock.millis(), self), 1);
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
    return atFreshRevision(id, processorAt, attempt, 0);
  }

  private Future<DocumentChange> atFreshRevision(String id,
      LongFunction<EntryProcessor<String, String, DocumentChange>> processorAt, int attempt, long above) {
    Context context = vertx.getOrCreateContext();
    return revisions.next(context, above)
        .compose(revision -> HazelcastFutures.onContext(map.submitToKey(id, processorAt.apply(revision)), context))
        .compose(change -> {
          boolean tampered = change.status() != DocumentChange.Status.WRITTEN && change.found() != null
              && !seal.isValid(id, change.found());
          if (!tampered && change.status() != DocumentChange.Status.STALE_REVISION) {
            return Future.succeededFuture(change);
          }
          if (tampered && attempt >= MAX_REPAIRS) {
            return Future.failedFuture(unrepairable(id).toException());
          }
          if (attempt >= MAX_ATTEMPTS) {
            return Future.failedFuture(new EsError(503, "version_conflict_engine_exception", "[" + id
                + "] kept changing while it was being written; retry").toException());
          }
          if (tampered) {
            return repair(id, "the value found by a write").compose(done -> atFreshRevision(id, processorAt,
                attempt + 1, above));
          }
          // Normally another write took a later revision meanwhile; if the counter was set back below
          // the entry's revision, this takes the next one above the entry's at once.
          long found = StoredDocument.decode(id, change.found()).revision();
          return atFreshRevision(id, processorAt, attempt + 1, Math.max(above, found));
        });
  }

  /**
   * Every stored value, tombstones included, with the counter as read just before: an id missing
   * from the entries at or below that revision was deleted and purged. Blocking.
   */
  Snapshot snapshot() {
    reloadLostEntries();
    long revision = revisions.currentNow();
    List<StoredDocument> entries = new ArrayList<>();
    Set<String> unverified = new HashSet<>();
    for (Map.Entry<String, String> entry : map.entrySet()) {
      String id = entry.getKey();
      Optional<StoredDocument> stored = seal.open(id, entry.getValue());
      if (stored.isEmpty()) {
        seal.reportRefused(id, "a snapshot of the map");
        map.evict(id);
        stored = Optional.ofNullable(map.get(id)).flatMap(reloaded -> seal.open(id, reloaded));
      }
      stored.ifPresentOrElse(entries::add, () -> unverified.add(id));
    }
    return new Snapshot(revision, entries, unverified);
  }

  /**
   * @param unverified ids whose entry failed its MAC and could not be repaired: views keep what they
   *                   have for them (never drop a document because a forged value replaced it)
   */
  record Snapshot(long revision, List<StoredDocument> entries, Set<String> unverified) {
    Set<String> ids() {
      Set<String> ids = entries.stream().map(StoredDocument::id).collect(Collectors.toSet());
      ids.addAll(unverified);
      return ids;
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
      Optional<StoredDocument> verified = seal.open(id, encoded);
      if (verified.isEmpty()) {
        continue;
      }
      StoredDocument stored = verified.get();
      if (stored.isTombstone() && stored.deletedAtMillis() < olderThanMillis && map.remove(id, encoded)) {
        purged++;
      }
    }
    return purged;
  }
}
