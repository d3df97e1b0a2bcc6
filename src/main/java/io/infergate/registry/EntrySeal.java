package io.infergate.registry;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/** One document kind's entries as the registry writes and accepts them: signed by {@link EntrySigner}. */
public final class EntrySeal {

  private final EntrySigner signer;
  private final String kind;

  EntrySeal(EntrySigner signer, String kind) {
    this.signer = signer;
    this.kind = kind;
  }

  public StoredDocument live(String id, JsonObject body, long revision, String writer) {
    return signed(StoredDocument.live(id, body, revision, writer));
  }

  public StoredDocument tombstone(StoredDocument deleted, List<String> identityFields, long revision,
      long deletedAtMillis, String writer) {
    return signed(StoredDocument.tombstone(deleted, identityFields, revision, deletedAtMillis, writer));
  }

  /** The same live document at the same revision with another body (references), signed again. */
  public StoredDocument withBody(StoredDocument stored, JsonObject changed) {
    return signed(stored.withBody(changed));
  }

  /** The entry stored as {@code encoded}, if its MAC verifies: anything else came from outside the cluster. */
  public Optional<StoredDocument> open(String id, String encoded) {
    return isValid(id, encoded) ? Optional.of(StoredDocument.decode(id, encoded)) : Optional.empty();
  }

  public boolean isValid(String id, String encoded) {
    return encoded != null && signer.verify(kind, id, encoded);
  }

  /** Whether a valid entry is signed with the current key; one signed during a rotation with the old key is not. */
  public boolean isCurrent(String encoded) {
    return signer.isCurrent(encoded);
  }

  /**
   * A row the durable store holds without a MAC (written before entries were signed) signed now, as
   * it is loaded: only gateways write the store, and they refuse unsigned values.
   */
  public String signedIfLegacy(String id, String encoded) {
    return encoded == null || EntrySigner.isSigned(encoded) ? encoded : signer.sign(kind, id, encoded);
  }

  /** Reports an entry without a valid MAC, found by {@code where}, to the node's log and audit trail. */
  void reportRefused(String id, String where) {
    signer.report(kind, id, where);
  }

  public String kind() {
    return kind;
  }

  private StoredDocument signed(StoredDocument unsigned) {
    return unsigned.withEncoded(signer.sign(kind, unsigned.id(), unsigned.encoded()));
  }
}
