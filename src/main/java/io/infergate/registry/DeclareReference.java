package io.infergate.registry;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Adds or renews a holder's reference on a live endpoint, or ends it: in one step on the owning
 * partition, so that it is ordered with any delete of the endpoint. Refused (with what was found)
 * when there is no live endpoint, or, to end one, when the holder has none.
 */
final class DeclareReference extends RegistrySerializable implements EntryProcessor<String, String, EntryChange> {

  private String holder;
  private String holderNode;
  private long since;
  private boolean add;

  DeclareReference() {
    super(RegistrySerializers.DECLARE_REFERENCE);
  }

  private DeclareReference(String holder, String holderNode, long since, boolean add) {
    super(RegistrySerializers.DECLARE_REFERENCE);
    this.holder = holder;
    this.holderNode = holderNode;
    this.since = since;
    this.add = add;
  }

  static DeclareReference add(String holder, String holderNode, long since) {
    return new DeclareReference(holder, holderNode, since, true);
  }

  static DeclareReference remove(String holder) {
    return new DeclareReference(holder, null, 0, false);
  }

  @Override
  public EntryChange process(Map.Entry<String, String> entry) {
    String found = entry.getValue();
    StoredEndpoint current = found == null ? null : StoredEndpoint.decode(found);
    if (current == null || current.isTombstone()) {
      return EntryChange.refused(found);
    }
    List<JsonObject> kept = new ArrayList<>(current.referencesKept(reference -> !holder.equals(reference.getString("holder"))));
    if (add) {
      JsonObject reference = new JsonObject().put("holder", holder).put("since", since);
      if (holderNode != null) {
        reference.put("holder_node", holderNode);
      }
      kept.add(reference);
    } else if (kept.size() == current.references().size()) {
      return EntryChange.refused(found);
    }
    String written = current.withReferences(kept).encoded();
    entry.setValue(written);
    return EntryChange.written(found, written);
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(holder);
    out.writeString(holderNode);
    out.writeLong(since);
    out.writeBoolean(add);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    holder = in.readString();
    holderNode = in.readString();
    since = in.readLong();
    add = in.readBoolean();
  }
}
