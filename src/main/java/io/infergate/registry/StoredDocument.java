package io.infergate.registry;

import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What a registry map holds for an id, of any document kind: the document's body (secrets
 * included) with its revision and the member that wrote it, or a tombstone recording the revision
 * and time of its deletion and the document's identity fields. Tombstones keep revisions of one id
 * strictly increasing across delete and re-create, until they are purged. {@code encoded} is the
 * exact stored text (the body's fields followed by {@code revision}, for a tombstone
 * {@code deleted_at}, and {@code written_by}, and once signed by {@link EntrySeal} its MAC), so that
 * conditional writes can compare against it.
 *
 * <p>{@code body} is shared with every reader of the view: never change it; copy it.
 *
 * @param writer the cluster member that wrote it: if that member dies before every view has the
 *               change, the survivors know whose changes to recover
 */
public record StoredDocument(String id, long revision, String writer, boolean isTombstone, long deletedAtMillis,
    JsonObject body, String encoded) {

  private static final String REVISION = "revision";
  private static final String REVISION_KEY = "\"revision\":";
  private static final String WRITTEN_BY = "written_by";
  private static final String DELETED_AT = "deleted_at";

  public static StoredDocument live(String id, JsonObject body, long revision, String writer) {
    JsonObject json = body.copy().put(REVISION, revision).put(WRITTEN_BY, writer);
    return new StoredDocument(id, revision, writer, false, 0, body, json.encode());
  }

  /** The tombstone of {@code deleted}: its identity fields only. */
  public static StoredDocument tombstone(StoredDocument deleted, List<String> identityFields, long revision,
      long deletedAtMillis, String writer) {
    JsonObject identity = new JsonObject();
    for (String field : identityFields) {
      if (deleted.body().containsKey(field)) {
        identity.put(field, deleted.body().getValue(field));
      }
    }
    JsonObject json = identity.copy().put(REVISION, revision).put(DELETED_AT, deletedAtMillis).put(WRITTEN_BY, writer);
    return new StoredDocument(deleted.id(), revision, writer, true, deletedAtMillis, identity, json.encode());
  }

  /**
   * The revision of a stored text without parsing it: the registry writes {@code revision} after
   * every field of the body, so its last occurrence as a key is the entry's own (a body's nested
   * {@code revision} comes before it). For texts the registry wrote (verified ones).
   */
  static long revisionOf(String encoded) {
    int at = encoded.lastIndexOf(REVISION_KEY);
    if (at < 0) {
      return 0;
    }
    int start = at + REVISION_KEY.length();
    int end = start;
    while (end < encoded.length() && Character.isDigit(encoded.charAt(end))) {
      end++;
    }
    return end == start ? 0 : Long.parseLong(encoded, start, end, 10);
  }

  /** The stored text of {@code id}, parsed once. */
  public static StoredDocument decode(String id, String encoded) {
    JsonObject body = new JsonObject(encoded);
    long revision = body.getLong(REVISION, 0L);
    String writer = body.getString(WRITTEN_BY);
    Long deletedAt = body.getLong(DELETED_AT);
    body.remove(REVISION);
    body.remove(WRITTEN_BY);
    body.remove(DELETED_AT);
    body.remove(EntrySigner.TAG_FIELD);
    return new StoredDocument(id, revision, writer, deletedAt != null, deletedAt == null ? 0 : deletedAt, body, encoded);
  }

  /** The same entry stored as {@code signed}: its text with a MAC ({@link EntrySeal}). */
  StoredDocument withEncoded(String signed) {
    return new StoredDocument(id, revision, writer, isTombstone, deletedAtMillis, body, signed);
  }

  /**
   * The same live document at the same revision with another body: no view or event sees the
   * difference. Unsigned: what is written goes through {@link EntrySeal#withBody}.
   */
  StoredDocument withBody(JsonObject changed) {
    if (isTombstone) {
      throw new IllegalStateException("a tombstone has no body to change: [" + id + "]");
    }
    JsonObject json = changed.copy().put(REVISION, revision).put(WRITTEN_BY, writer);
    return new StoredDocument(id, revision, writer, false, 0, changed, json.encode());
  }
}
