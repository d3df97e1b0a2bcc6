package io.infergate.registry;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import java.io.IOException;
import java.util.Map;

/**
 * Writes a new endpoint unless a live one has the id: in one step on the owning partition, so
 * that re-creating over a tombstone costs no more than creating a fresh id.
 */
final class CreateEndpoint extends RegistrySerializable implements EntryProcessor<String, String, EntryChange> {

  private String encoded;
  private long revision;

  CreateEndpoint() {
    super(RegistrySerializers.CREATE_ENDPOINT);
  }

  CreateEndpoint(StoredEndpoint created) {
    super(RegistrySerializers.CREATE_ENDPOINT);
    this.encoded = created.encoded();
    this.revision = created.revision();
  }

  @Override
  public EntryChange process(Map.Entry<String, String> entry) {
    String found = entry.getValue();
    if (encoded.equals(found)) {
      // Hazelcast ran this again after a member failure: the first run wrote it.
      return EntryChange.written(null, found);
    }
    if (found != null) {
      StoredEndpoint current = StoredEndpoint.decode(found);
      if (!current.isTombstone()) {
        return EntryChange.refused(found);
      }
      if (current.revision() >= revision) {
        return EntryChange.stale(found);
      }
    }
    entry.setValue(encoded);
    return EntryChange.written(found, encoded);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(encoded);
    out.writeLong(revision);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    encoded = in.readString();
    revision = in.readLong();
  }
}
