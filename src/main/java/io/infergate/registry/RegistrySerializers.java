package io.infergate.registry;

import com.hazelcast.config.Config;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * Creates the registry's entry processors and their results when they arrive from another member.
 * They travel on every write (to the owner, and again to its backup), and Java serialization,
 * which Hazelcast uses for a plain {@code Serializable}, took about a tenth of a node's CPU.
 */
public final class RegistrySerializers implements DataSerializableFactory {

  static final int FACTORY_ID = 0x1f6a;
  static final int CREATE_ENDPOINT = 1;
  static final int DELETE_ENDPOINT = 2;
  static final int ENTRY_CHANGE = 3;
  static final int REVISION_INCREMENT = 4;
  static final int DECLARE_REFERENCE = 5;
  static final int RELEASE_ORPHAN_REFERENCES = 6;

  /** Every member (gateway or subscriber) registers the factory, or cannot run what it is sent. */
  public static Config register(Config config) {
    config.getSerializationConfig().addDataSerializableFactory(FACTORY_ID, new RegistrySerializers());
    return config;
  }

  @Override
  public IdentifiedDataSerializable create(int typeId) {
    return switch (typeId) {
      case CREATE_ENDPOINT -> new CreateEndpoint();
      case DELETE_ENDPOINT -> new DeleteEndpoint();
      case ENTRY_CHANGE -> new EntryChange();
      case REVISION_INCREMENT -> new RevisionIncrement();
      case DECLARE_REFERENCE -> new DeclareReference();
      case RELEASE_ORPHAN_REFERENCES -> new ReleaseOrphanReferences();
      default -> throw new IllegalArgumentException("no registry type with id " + typeId);
    };
  }
}
