package io.infergate.registry;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * Replaces a live endpoint by its tombstone unless the {@link DeleteRules} refuse, in one step on
 * the owning partition: the check of its references and the delete cannot be interleaved with a
 * reference being declared.
 */
final class DeleteEndpoint extends RegistrySerializable implements EntryProcessor<String, String, EntryChange> {

  private DeleteRules rules;
  private long revision;
  private long deletedAtMillis;
  private String writer;

  DeleteEndpoint() {
    super(RegistrySerializers.DELETE_ENDPOINT);
  }

  DeleteEndpoint(DeleteRules rules, long revision, long deletedAtMillis, String writer) {
    super(RegistrySerializers.DELETE_ENDPOINT);
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

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(rules.taskType());
    out.writeBoolean(rules.force());
    out.writeBoolean(rules.reserved());
    out.writeBoolean(rules.references());
    out.writeLong(revision);
    out.writeLong(deletedAtMillis);
    out.writeString(writer);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    rules = new DeleteRules(in.readString(), in.readBoolean(), in.readBoolean(), in.readBoolean());
    revision = in.readLong();
    deletedAtMillis = in.readLong();
    writer = in.readString();
  }
}
