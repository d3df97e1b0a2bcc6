package io.infergate.registry;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Ends the references held by nodes that are no longer cluster members; returns how many it ended. */
final class ReleaseOrphanReferences extends RegistrySerializable implements EntryProcessor<String, String, Integer> {

  private Set<String> members;

  ReleaseOrphanReferences() {
    super(RegistrySerializers.RELEASE_ORPHAN_REFERENCES);
  }

  ReleaseOrphanReferences(Set<String> members) {
    super(RegistrySerializers.RELEASE_ORPHAN_REFERENCES);
    this.members = Set.copyOf(members);
  }

  @Override
  public Integer process(Map.Entry<String, String> entry) {
    if (entry.getValue() == null) {
      return 0;
    }
    StoredEndpoint current = StoredEndpoint.decode(entry.getValue());
    List<JsonObject> kept = current.referencesKept(this::heldByMember);
    if (kept.size() == current.references().size()) {
      return 0;
    }
    entry.setValue(current.withReferences(kept).encoded());
    return current.references().size() - kept.size();
  }

  private boolean heldByMember(JsonObject reference) {
    return !reference.containsKey("holder_node") || members.contains(reference.getString("holder_node"));
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeStringArray(members.toArray(String[]::new));
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    members = Set.of(in.readStringArray());
  }
}
