package io.infergate.registry;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * Replaces a live document by a new version if the entry is still exactly the one the new version
 * was made from: in one step on the owning partition. Refused (with what was found) when anything
 * changed it in between, references included; the caller reads it again and retries.
 */
final class ReplaceDocument extends SingleDocumentWrite {

  private String expected;
  private String replacement;

  ReplaceDocument() {
    super(RegistrySerializers.REPLACE_DOCUMENT);
  }

  ReplaceDocument(StoredDocument expected, StoredDocument replacement) {
    super(RegistrySerializers.REPLACE_DOCUMENT);
    this.expected = expected.encoded();
    this.replacement = replacement.encoded();
  }

  @Override
  DocumentChange change(Map.Entry<String, String> entry) {
    String found = entry.getValue();
    if (replacement.equals(found)) {
      // Hazelcast ran this again after a member failure: the first run wrote it.
      return DocumentChange.written(expected, found);
    }
    if (!expected.equals(found)) {
      return DocumentChange.refused(found);
    }
    if (revisionOf(entry.getKey(), replacement) <= revisionOf(entry.getKey(), expected)) {
      // The counter handed out a revision below the document's: it was set back (a raw write to it).
      return DocumentChange.stale(found);
    }
    entry.setValue(replacement);
    return DocumentChange.written(found, replacement);
  }

  private static long revisionOf(String id, String encoded) {
    return StoredDocument.decode(id, encoded).revision();
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(expected);
    out.writeString(replacement);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    expected = in.readString();
    replacement = in.readString();
  }
}
