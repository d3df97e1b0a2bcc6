package io.infergate.endpoints;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.infergate.bus.References.Reference;
import io.infergate.registry.DocumentChange;
import io.infergate.registry.EntrySeal;
import io.infergate.registry.EntrySigner;
import io.infergate.registry.RegistrySerializable;
import io.infergate.registry.StoredDocument;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Adds or renews a holder's reference under one owner on a live endpoint, or ends it: in one step
 * on the owning partition, so that it is ordered with any delete of the endpoint. The holder's
 * references under other owners stay. Refused (with what was found) when there is no live endpoint,
 * or, to end one, when the holder has none under that owner. The endpoint keeps its revision: no
 * view or event sees references.
 */
final class DeclareReference extends RegistrySerializable implements EntryProcessor<String, String, DocumentChange>,
    HazelcastInstanceAware {

  /** The partition owner's: what it finds it changes only if the MAC verifies, and it signs what it writes. */
  private transient EntrySeal seal;

  private String holder;
  private String holderNode;
  private String owner;
  private long since;
  private boolean add;

  DeclareReference() {
    super(EndpointSerializers.FACTORY_ID, EndpointSerializers.DECLARE_REFERENCE);
  }

  private DeclareReference(String holder, String holderNode, String owner, long since, boolean add) {
    this();
    this.holder = holder;
    this.holderNode = holderNode;
    this.owner = owner;
    this.since = since;
    this.add = add;
  }

  static DeclareReference add(String holder, String holderNode, String owner, long since) {
    return new DeclareReference(holder, holderNode, owner, since, true);
  }

  static DeclareReference remove(String holder, String owner) {
    return new DeclareReference(holder, null, owner, 0, false);
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance hazelcast) {
    seal = EntrySigner.of(hazelcast).forKind(EndpointKind.NAME);
  }

  /** Where no Hazelcast member runs it (unit tests): the seal it would find on the member. */
  DeclareReference usingSeal(EntrySeal seal) {
    this.seal = seal;
    return this;
  }

  @Override
  public DocumentChange process(Map.Entry<String, String> entry) {
    String found = entry.getValue();
    StoredDocument current = found == null ? null : seal.open(entry.getKey(), found).orElse(null);
    if (current == null || current.isTombstone()) {
      return DocumentChange.refused(found);
    }
    List<Reference> before = StoredReferences.of(current.body());
    List<Reference> kept = new ArrayList<>(before.stream().filter(reference -> !isThisOne(reference)).toList());
    if (add) {
      kept.add(new Reference(holder, holderNode, since, owner));
    } else if (kept.size() == before.size()) {
      return DocumentChange.refused(found);
    }
    String written = seal.withBody(current, StoredReferences.with(current.body(), kept)).encoded();
    entry.setValue(written);
    return DocumentChange.written(found, written);
  }

  private boolean isThisOne(Reference reference) {
    return holder.equals(reference.holder()) && Objects.equals(owner, reference.owner());
  }

  @Override
  public void writeData(ObjectDataOutput out) throws IOException {
    out.writeString(holder);
    out.writeString(holderNode);
    out.writeString(owner);
    out.writeLong(since);
    out.writeBoolean(add);
  }

  @Override
  public void readData(ObjectDataInput in) throws IOException {
    holder = in.readString();
    holderNode = in.readString();
    owner = in.readString();
    since = in.readLong();
    add = in.readBoolean();
  }
}
