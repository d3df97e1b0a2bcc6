package io.infergate.registry;

import com.hazelcast.map.MapStore;
import io.infergate.store.JdbcMapStore;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A kind's table of the durable store as its map's store, on the partition owner: a value whose MAC
 * does not verify is refused (Hazelcast fails the put that brought it, and the map keeps what it had),
 * and so is the removal of a live document's row, which only a signed tombstone may replace (the
 * registry removes rows only when it purges tombstones), and a signed value of an earlier revision
 * than the row's (a replay of what a rogue member saw before). Rows written before entries were signed
 * are signed as they load.
 */
final class SignedRows implements MapStore<String, String> {

  private final JdbcMapStore<String> rows;
  private final EntrySeal seal;
  /**
   * The highest revision stored per id on this member: read from the row once, then kept, so a write
   * costs no query. Forgotten with the row (a purged tombstone), so it holds no more ids than the table.
   */
  private final Map<String, Long> highestStored = new ConcurrentHashMap<>();

  SignedRows(JdbcMapStore<String> rows, EntrySeal seal) {
    this.rows = rows;
    this.seal = seal;
  }

  @Override
  public void store(String id, String value) {
    long revision = requireSigned(id, value);
    rows.store(id, value);
    highestStored.merge(id, revision, Math::max);
  }

  @Override
  public void storeAll(Map<String, String> entries) {
    Map<String, Long> revisions = new LinkedHashMap<>();
    entries.forEach((id, value) -> revisions.put(id, requireSigned(id, value)));
    rows.storeAll(entries);
    revisions.forEach((id, revision) -> highestStored.merge(id, revision, Math::max));
  }

  @Override
  public void delete(String id) {
    requireRemovable(id, rows.load(id));
    rows.delete(id);
    highestStored.remove(id);
  }

  @Override
  public void deleteAll(Collection<String> ids) {
    rows.loadAll(ids).forEach(this::requireRemovable);
    rows.deleteAll(ids);
    ids.forEach(highestStored::remove);
  }

  @Override
  public String load(String id) {
    return seal.signedIfLegacy(id, rows.load(id));
  }

  @Override
  public Map<String, String> loadAll(Collection<String> ids) {
    Map<String, String> loaded = new LinkedHashMap<>();
    rows.loadAll(ids).forEach((id, value) -> loaded.put(id, seal.signedIfLegacy(id, value)));
    return loaded;
  }

  @Override
  public Iterable<String> loadAllKeys() {
    return rows.loadAllKeys();
  }

  /** The revision of a value that may be stored: signed, and not older than what the row holds. */
  private long requireSigned(String id, String value) {
    if (!seal.isValid(id, value)) {
      seal.reportRefused(id, "a write to the durable store");
      throw new UnsignedEntryException("refused to store [" + id + "] in [" + seal.kind()
          + "]: it carries no valid MAC of a gateway of this cluster");
    }
    long revision = StoredDocument.revisionOf(value);
    long highest = highestStored.computeIfAbsent(id, this::storedRevision);
    if (revision < highest) {
      seal.reportRefused(id, "an earlier revision written to the durable store");
      throw new UnsignedEntryException("refused to store revision [" + revision + "] of [" + id + "] in ["
          + seal.kind() + "]: the store holds revision [" + highest + "]");
    }
    return revision;
  }

  private long storedRevision(String id) {
    String row = rows.load(id);
    return row == null ? -1 : StoredDocument.revisionOf(row);
  }

  private void requireRemovable(String id, String row) {
    if (row != null && !StoredDocument.decode(id, row).isTombstone()) {
      seal.reportRefused(id, "a removal from the durable store (only a signed tombstone replaces a live document)");
      throw new UnsignedEntryException("refused to remove [" + id + "] from [" + seal.kind()
          + "]: a live document is only ever replaced by its signed tombstone");
    }
  }

  /** What the member that tried to write an unsigned value gets back. */
  static final class UnsignedEntryException extends IllegalStateException {
    UnsignedEntryException(String message) {
      super(message);
    }
  }
}
