package io.infergate.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * This node's copy of one document kind's map, answering reads without a cluster round trip. Each
 * id keeps the highest revision applied, live or deleted, so a late change message or a stale
 * snapshot can never bring back a deleted document or an older version. Documents are decoded
 * once, when applied, not on every read.
 *
 * @param <D> the kind's document
 */
public final class ReadView<D> {

  /**
   * A stored entry, unless it is a tombstone its decoded document, and when this view applied it
   * (a count of this view's applies, see {@link #stamp()}).
   */
  public record Entry<D>(StoredDocument stored, D document, long appliedAt) {
  }

  private final Map<String, Entry<D>> entries = new ConcurrentHashMap<>();
  private final AtomicLong highestRevision = new AtomicLong();
  private final AtomicLong applies = new AtomicLong();
  private final Function<StoredDocument, D> decode;
  private final List<Consumer<String>> changeListeners = new CopyOnWriteArrayList<>();

  public ReadView(Function<StoredDocument, D> decode) {
    this.decode = decode;
  }

  /**
   * Calls {@code listener} with the id of every document this view changes (applied, deleted or
   * dropped), after the change, on the thread that applied it. Listeners must be quick.
   */
  public void onChange(Consumer<String> listener) {
    changeListeners.add(listener);
  }

  private void changed(String id) {
    for (Consumer<String> listener : changeListeners) {
      listener.accept(id);
    }
  }

  /** Applies a change unless the view already holds this id at the same or a later revision. */
  public boolean apply(StoredDocument change) {
    boolean[] applied = {false};
    entries.compute(change.id(), (id, current) -> {
      if (current != null && current.stored().revision() >= change.revision()) {
        return current;
      }
      applied[0] = true;
      return new Entry<>(change, change.isTombstone() ? null : decode.apply(change), applies.incrementAndGet());
    });
    highestRevision.accumulateAndGet(change.revision(), Math::max);
    if (applied[0]) {
      changed(change.id());
    }
    return applied[0];
  }

  /** The live document with this id. */
  public Optional<D> get(String id) {
    Entry<D> entry = entries.get(id);
    return entry == null || entry.document() == null ? Optional.empty() : Optional.of(entry.document());
  }

  /** The live document with this id and its revision. */
  public Optional<Entry<D>> live(String id) {
    Entry<D> entry = entries.get(id);
    return entry == null || entry.document() == null ? Optional.empty() : Optional.of(entry);
  }

  /** The entry of this id, a tombstone included. */
  public Optional<StoredDocument> stored(String id) {
    return Optional.ofNullable(entries.get(id)).map(Entry::stored);
  }

  /** Every live document, in no order. */
  public Stream<D> live() {
    return entries.values().stream().map(Entry::document).filter(document -> document != null);
  }

  /** Every live document with its stored entry, in no order. */
  public Stream<Entry<D>> liveDocuments() {
    return entries.values().stream().filter(entry -> entry.document() != null);
  }

  /** The stored entry of every live document, in no order. */
  public Stream<StoredDocument> liveEntries() {
    return entries.values().stream().filter(entry -> entry.document() != null).map(Entry::stored);
  }

  public long highestRevision() {
    return highestRevision.get();
  }

  public int size() {
    return (int) live().count();
  }

  /** Where this view's applies have got to: take it before a snapshot, for {@link #dropMissing}. */
  public long stamp() {
    return applies.get();
  }

  /**
   * Removes entries absent from a snapshot of the map, if they are not newer than it: neither of a
   * later revision nor applied since {@code stamp} (taken before the snapshot was read). A write
   * whose revision was taken before the snapshot read the counter may reach the map after the
   * snapshot read it, and this view through replication before this call: it is kept.
   */
  public void dropMissing(Set<String> presentIds, long snapshotRevision, long stamp) {
    List<String> dropped = new ArrayList<>();
    entries.values().removeIf(entry -> {
      boolean drop = !presentIds.contains(entry.stored().id())
          && entry.stored().revision() <= snapshotRevision && entry.appliedAt() <= stamp;
      if (drop) {
        dropped.add(entry.stored().id());
      }
      return drop;
    });
    dropped.forEach(this::changed);
  }

  /** Forgets tombstones older than the retention: by then no message about them is in flight. */
  public void forgetTombstones(long olderThanMillis) {
    entries.values().removeIf(entry -> entry.stored().isTombstone() && entry.stored().deletedAtMillis() < olderThanMillis);
  }
}
