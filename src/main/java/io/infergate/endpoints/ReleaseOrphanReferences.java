package io.infergate.endpoints;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.infergate.bus.References.Reference;
import io.infergate.registry.EntrySeal;
import io.infergate.registry.EntrySigner;
import io.infergate.registry.RegistrySerializable;
import io.infergate.registry.StoredDocument;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Ends the references held by nodes that are no longer cluster members; returns how many it ended. */
final class ReleaseOrphanReferences extends RegistrySerializable implements EntryProcessor<String, String, Integer>,
    HazelcastInstanceAware {

  /** The partition owner's: what it finds it changes only if the MAC verifies, and it signs what it writes. */
  private transient EntrySeal seal;

  private Set<String> members;

  ReleaseOrphanReferences() {
    super(EndpointSerializers.FACTORY_ID, EndpointSerializers.RELEASE_ORPHAN_REFERENCES);
  }

  ReleaseOrphanReferences(Set<String> members) {
    this();
    this.members = Set.copyOf(members);
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcast) {
    seal = EntrySigner.of(hazelcast).forKind(EndpointKind.NAME);
  }

  /** Where no Hazelcast member runs it (unit tests): the seal it would find on the member. */
  ReleaseOrphanReferences usingSeal(EntrySeal seal) {
    this.seal = seal;
    return this;
  }

  @Override
  public Integer process(Map.Entry<String, String> entry) {
    StoredDocument current = seal.open(entry.getKey(), entry.getValue()).orElse(null);
    if (current == null || current.isTombstone()) {
      return 0;
    }
    List<Reference> before = StoredReferences.of(current.body());
    List<Reference> kept = before.stream().filter(this::heldByMember).toList();
    if (kept.size() == before.size()) {
      return 0;
    }
    entry.setValue(seal.withBody(current, StoredReferences.with(current.body(), kept)).encoded());
    return before.size() - kept.size();
  }

  private boolean heldByMember(Reference reference) {
    return reference.holderNode() == null || members.contains(reference.holderNode());
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
