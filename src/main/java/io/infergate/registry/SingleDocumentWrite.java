package io.infergate.registry;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * A registry write to one entry, run on the partition that owns it. Its backup only sets the value
 * the owner wrote ({@link SetDocument}); Hazelcast asks for it after {@link #process} has run. What
 * it finds in the entry it builds on only if the MAC verifies; anything else it refuses, with what it
 * found, and the writer repairs the entry from the store.
 */
abstract class SingleDocumentWrite extends RegistrySerializable
    implements EntryProcessor<String, String, DocumentChange>, HazelcastInstanceAware {

  private transient String written;
  private transient EntrySigner signer;

  SingleDocumentWrite(int classId) {
    super(classId);
  }

  @Override
  public final void setHazelcastInstance(HazelcastInstance hazelcast) {
    signer = EntrySigner.of(hazelcast);
  }

  /** Where no Hazelcast member runs it (unit tests): the signer it would find in the member's user context. */
  final SingleDocumentWrite useSigner(EntrySigner signer) {
    this.signer = signer;
    return this;
  }

  /** The partition owner's signer: Hazelcast sets it before {@link #process}. */
  final EntrySeal seal(String kind) {
    return signer.forKind(kind);
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
