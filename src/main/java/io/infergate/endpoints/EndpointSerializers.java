package io.infergate.endpoints;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** Creates the endpoints' own entry processors and delete guard when they arrive from another member. */
final class EndpointSerializers implements DataSerializableFactory {

  static final int FACTORY_ID = 0x1f6b;
  static final int DELETE_RULES = 1;
  static final int DECLARE_REFERENCE = 2;
  static final int RELEASE_ORPHAN_REFERENCES = 3;

  @Override
  public IdentifiedDataSerializable create(int typeId) {
    return switch (typeId) {
      case DELETE_RULES -> new DeleteRules();
      case DECLARE_REFERENCE -> new DeclareReference();
      case RELEASE_ORPHAN_REFERENCES -> new ReleaseOrphanReferences();
      default -> throw new IllegalArgumentException("no endpoint type with id " + typeId);
    };
  }
}
