package io.infergate.registry;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * A registry write to one entry, run on the partition that owns it. Its backup only sets the value
 * the owner wrote ({@link SetDocument}); Hazelcast asks for it after {@link #process} has run.
 */
abstract class SingleDocumentWrite extends RegistrySerializable
    implements EntryProcessor<String, String, DocumentChange> {

  private transient String written;

  SingleDocumentWrite(int classId) {
    super(classId);
  }

  /** The change to the entry, as this write's rules make it. */
  abstract DocumentChange change(Map.Entry<String, String> entry);

  @Override
  public final DocumentChange process(Map.Entry<String, String> entry) {
    DocumentChange change = change(entry);
    written = change.status() == DocumentChange.Status.WRITTEN ? change.written() : null;
    return change;
  }

  @Override
  public final EntryProcessor<String, String, DocumentChange> getBackupProcessor() {
    return SetDocument.of(written);
  }
}
