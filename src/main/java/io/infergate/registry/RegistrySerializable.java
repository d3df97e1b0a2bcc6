package io.infergate.registry;

import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** A registry type that travels between members, created on arrival by {@link RegistrySerializers}. */
abstract class RegistrySerializable implements IdentifiedDataSerializable {

  private final int classId;

  RegistrySerializable(int classId) {
    this.classId = classId;
  }

  @Override
  public final int getFactoryId() {
    return RegistrySerializers.FACTORY_ID;
  }

  @Override
  public final int getClassId() {
    return classId;
  }
}
