package io.infergate.registry;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Replaces a live endpoint by its tombstone unless the {@link DeleteRules} refuse, in one step on
 * the owning partition: the check of its references and the delete cannot be interleaved with a
 * reference being declared.
 */
final class DeleteEndpoint implements EntryProcessor<String, String, EntryChange> {

  private static final long serialVersionUID = 1L;

  private final DeleteRules rules;
  private final long revision;
  private final long deletedAtMillis;
  private final String writer;

  DeleteEndpoint(DeleteRules rules, long revision, long deletedAtMillis, String writer) {
    this.rules = rules;
    this.revision = revision;
    this.deletedAtMillis = deletedAtMillis;
    this.writer = writer;
  }

  @Override
  public EntryChange process(Map.Entry<String, String> entry) {
    String found = entry.getValue();
    StoredEndpoint current = found == null ? null : StoredEndpoint.decode(found);
    if (current != null && current.isTombstone() && current.revision() == revision && writer.equals(current.writer())) {
      // Hazelcast ran this again after a member failure: the first run wrote it.
      return EntryChange.written(null, found);
    }
    if (rules.refusal(entry.getKey(), current) != null) {
      return EntryChange.refused(found);
    }
    if (current.revision() >= revision) {
      return EntryChange.stale(found);
    }
    String tombstone = StoredEndpoint.tombstone(current.definition(), revision, deletedAtMillis, writer).encoded();
    entry.setValue(tombstone);
    return EntryChange.written(found, tombstone);
  }
}
