package io.infergate.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Replaces a live document by its tombstone unless the kind's {@link DeleteGuard} refuses, in one
 * step on the owning partition: the guard's check (of references, for endpoints) and the delete
 * cannot be interleaved with another change of the document.
 */
final class DeleteDocument extends SingleDocumentWrite {

  private String kind;
  private DeleteGuard guard;
  private List<String> identityFields;
  private long revision;
  private long deletedAtMillis;
  private String writer;

  DeleteDocument() {
    super(RegistrySerializers.DELETE_DOCUMENT);
  }

  DeleteDocument(String kind, DeleteGuard guard, List<String> identityFields, long revision, long deletedAtMillis,
      String writer) {
    super(RegistrySerializers.DELETE_DOCUMENT);
    this.kind = kind;
    this.guard = guard;
    this.identityFields = List.copyOf(identityFields);
    this.revision = revision;
    this.deletedAtMillis = deletedAtMillis;
    this.writer = writer;
  }

  @Override
  DocumentChange change(Map.Entry<String, String> entry) {
    String found = entry.getValue();
    EntrySeal seal = seal(kind);
    if (found != null && !seal.isValid(entry.getKey(), found)) {
      return DocumentChange.refused(found);
    }
    StoredDocument current = found == null ? null : StoredDocument.decode(entry.getKey(), found);
    if (current != null && current.isTombstone() && current.revision() == revision && writer.equals(current.writer())) {
      // Hazelcast ran this again after a member failure: the first run wrote it.
      return DocumentChange.written(null, found);
    }
    StoredDocument live = current == null || current.isTombstone() ? null : current;
    if (guard.refusal(entry.getKey(), live) != null) {
      return DocumentChange.refused(found);
    }
    if (live == null) {
      return DocumentChange.refused(found);
    }
    if (live.revision() >= revision) {
      return DocumentChange.stale(found);
    }
    String tombstone = seal.tombstone(live, identityFields, revision, deletedAtMillis, writer).encoded();
    entry.setValue(tombstone);
    return DocumentChange.written(found, tombstone);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(kind);
    out.writeObject(guard);
    out.writeStringArray(identityFields.toArray(String[]::new));
    out.writeLong(revision);
    out.writeLong(deletedAtMillis);
    out.writeString(writer);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    kind = in.readString();
    guard = in.readObject();
    identityFields = List.of(in.readStringArray());
    revision = in.readLong();
    deletedAtMillis = in.readLong();
    writer = in.readString();
  }
}
