package io.infergate.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * Writes a new document unless a live one has the id: in one step on the owning partition, so
 * that re-creating over a tombstone costs no more than creating a fresh id.
 */
final class CreateDocument extends SingleDocumentWrite {

  private String kind;
  private String encoded;
  private long revision;

  CreateDocument() {
    super(RegistrySerializers.CREATE_DOCUMENT);
  }

  CreateDocument(String kind, StoredDocument created) {
    super(RegistrySerializers.CREATE_DOCUMENT);
    this.kind = kind;
    this.encoded = created.encoded();
    this.revision = created.revision();
  }

  @Override
  DocumentChange change(Map.Entry<String, String> entry) {
    String found = entry.getValue();
    if (encoded.equals(found)) {
      // Hazelcast ran this again after a member failure: the first run wrote it.
      return DocumentChange.written(null, found);
    }
    if (found != null && !seal(kind).isValid(entry.getKey(), found)) {
      return DocumentChange.refused(found);
    }
    if (found != null) {
      StoredDocument current = StoredDocument.decode(entry.getKey(), found);
      if (!current.isTombstone()) {
        return DocumentChange.refused(found);
      }
      if (current.revision() >= revision) {
        return DocumentChange.stale(found);
      }
    }
    entry.setValue(encoded);
    return DocumentChange.written(found, encoded);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(kind);
    out.writeString(encoded);
    out.writeLong(revision);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    kind = in.readString();
    encoded = in.readString();
    revision = in.readLong();
  }
}
