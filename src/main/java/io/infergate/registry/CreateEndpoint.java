package io.infergate.registry;

import com.hazelcast.map.EntryProcessor;
import java.util.Map;

/**
 * Writes a new endpoint unless a live one has the id: in one step on the owning partition, so
 * that re-creating over a tombstone costs no more than creating a fresh id.
 */
final class CreateEndpoint implements EntryProcessor<String, String, EntryChange> {

  private static final long serialVersionUID = 1L;

  private final String encoded;
  private final long revision;

  CreateEndpoint(StoredEndpoint created) {
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
}
