package io.infergate.registry;

import com.hazelcast.map.EntryProcessor;
import io.infergate.bus.EventsPage;
import io.infergate.bus.Principal;
import io.infergate.bus.ReadEvents;
import io.infergate.events.EventLog;
import io.infergate.events.EventPublisher;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * One document kind on this node: reads from the node's read view; writes to the cluster map (and
 * through it the durable store) at a fresh revision, then into every gateway's read view, then one
 * event in the kind's log. A write returns once every gateway applied it, or its timeout passed
 * ({@link Write#acknowledged()} false; the change stands).
 *
 * @param <D> the kind's document
 */
public final class DocumentRegistry<D> {

  private static final Logger LOG = Logger.getLogger(DocumentRegistry.class.getName());

  private final DocumentKind<D> kind;
  private final ReadView<D> view;
  private final DocumentStore store;
  private final ViewReplicator replicator;
  private final EventPublisher events;
  private final EventLog log;
  private final String nodeName;
  private final Clock clock;
  private final RegistryMeters.Writes meters;

  DocumentRegistry(DocumentKind<D> kind, DocumentStore store, ViewReplicator replicator, EventLog log,
      EventPublisher events, String nodeName, Clock clock, RegistryMeters.Writes meters) {
    this.kind = kind;
    this.meters = meters;
    this.log = log;
    this.view = new ReadView<>(stored -> kind.fromBody(stored.body()));
    this.store = store;
    this.replicator = replicator;
    this.events = events;
    this.nodeName = nodeName;
    this.clock = clock;
  }

  public DocumentKind<D> kind() {
    return kind;
  }

  /** This node's read view: consistent with every acknowledged write. */
  public ReadView<D> view() {
    return view;
  }

  /** Whether the entry's MAC is under a key kept for a rotation only: it is to be written again. */
  public boolean isSignedWithOlderKey(StoredDocument stored) {
    return !store.seal().isCurrent(stored.encoded());
  }

  /** The entry as the cluster map holds it now, a tombstone included. */
  public Future<Optional<StoredDocument>> read(String id) {
    return store.read(id, view.stored(id).map(StoredDocument::revision).orElse(0L));
  }

  /** This kind's logged events from a sequence on. */
  public Future<EventsPage> readEvents(ReadEvents request) {
    return log.read(request);
  }

  /** Creates the document unless a live one has the id (then not applied, and {@code found} is it). */
  public Future<Write> create(String id, D document, Principal principal, long timeoutMs) {
    long started = System.nanoTime();
    JsonObject body = kind.toBody(document);
    StoredDocument[] made = new StoredDocument[1];
    return store.create(id, revision -> made[0] = store.seal().live(id, body, revision, store.self()))
        .compose(change -> change.status() == DocumentChange.Status.WRITTEN
            ? everywhere(made[0], null, Change.CREATED, made[0].body(), principal, timeoutMs)
            : Future.succeededFuture(Write.refused(decodeFound(id, change))))
        .onComplete(result -> meters.record(RegistryMeters.Op.CREATE, started, result));
  }

  /**
   * Replaces {@code expected} by a document with {@code body}, unless the entry changed since it
   * was read (then not applied: read it again and retry).
   */
  public Future<Write> replace(StoredDocument expected, JsonObject body, Principal principal, long timeoutMs) {
    long started = System.nanoTime();
    StoredDocument[] made = new StoredDocument[1];
    return store.replace(expected,
        revision -> made[0] = store.seal().live(expected.id(), body, revision, store.self()))
        .compose(change -> change.status() == DocumentChange.Status.WRITTEN
            ? everywhere(made[0], expected, Change.UPDATED, body, principal, timeoutMs)
            : Future.succeededFuture(Write.refused(decodeFound(expected.id(), change))))
        .onComplete(result -> meters.record(RegistryMeters.Op.REPLACE, started, result));
  }

  /** Deletes the live document unless the guard refuses (then not applied; {@code found} says why). */
  public Future<Write> delete(String id, DeleteGuard guard, Principal principal, long timeoutMs) {
    long started = System.nanoTime();
    return store.delete(id, guard, kind.identityFields()).compose(change -> {
      StoredDocument found = decodeFound(id, change);
      if (change.status() != DocumentChange.Status.WRITTEN) {
        return Future.succeededFuture(Write.refused(found));
      }
      StoredDocument tombstone = StoredDocument.decode(id, change.written());
      // Hazelcast ran the delete again after a member failure: what it found was its own tombstone.
      JsonObject deleted = found == null || found.isTombstone() ? tombstone.body() : found.body();
      return everywhere(tombstone, found, Change.DELETED, deleted, principal, timeoutMs);
    }).onComplete(result -> meters.record(RegistryMeters.Op.DELETE, started, result));
  }

  /** Runs the kind's own processor on the entry: a change of no revision, no view and no event (references). */
  public <R> Future<R> submit(String id, EntryProcessor<String, String, R> processor) {
    return store.submit(id, processor);
  }

  /** Runs the kind's own processor on every entry; blocks on the cluster: call it on a worker. */
  public <R> Map<String, R> executeOnEntries(EntryProcessor<String, String, R> processor) {
    return store.executeOnEntries(processor);
  }

  private static StoredDocument decodeFound(String id, DocumentChange change) {
    return change.found() == null ? null : StoredDocument.decode(id, change.found());
  }

  /**
   * Applies the change to this node's view, waits for every other gateway's, then publishes the
   * event, numbered in the log while the views apply the change.
   */
  private Future<Write> everywhere(StoredDocument written, StoredDocument found, Change change, JsonObject about,
      Principal principal, long timeoutMs) {
    view.apply(written);
    Future<JsonObject> appended = events.append(event(change, about, written.revision(), principal));
    Future<Boolean> replicated = replicator.replicate(kind.name(), written, timeoutMs).onSuccess(acknowledged -> {
      if (!acknowledged) {
        LOG.warning(() -> "change of " + kind.subject() + " [" + written.id() + "] at revision " + written.revision()
            + " stands, but not every node applied it within " + timeoutMs + "ms");
      }
    });
    return Future.all(appended, replicated).map(both -> {
      events.publishNumbered(appended.result());
      return new Write(true, written, found, replicated.result());
    });
  }

  /** Publishes an event for a change this registry did not write (recovered after its writer died). */
  Future<JsonObject> publish(Change change, JsonObject about, long revision, Principal principal) {
    return events.publish(event(change, about, revision, principal));
  }

  private JsonObject event(Change change, JsonObject about, long revision, Principal principal) {
    JsonObject event = new JsonObject().put("type", change.wireName());
    kind.eventFields(about).forEach(field -> event.put(field.getKey(), field.getValue()));
    return event.put("revision", revision)
        .put("principal", principal.toJson())
        .put("node", nodeName)
        .put("timestamp", clock.instant().toString());
  }

  DocumentStore store() {
    return store;
  }
}
