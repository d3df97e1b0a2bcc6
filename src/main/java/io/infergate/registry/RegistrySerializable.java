package io.infergate.registry;

import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * A type that travels between members and is created on arrival by its factory: the registry's
 * own ({@link RegistrySerializers}) or a document kind's ({@link DocumentKind#serializers()}).
 */
public abstract class RegistrySerializable implements IdentifiedDataSerializable {

  private final int factoryId;
  private final int classId;

  RegistrySerializable(int classId) {
    this(RegistrySerializers.FACTORY_ID, classId);
  }

  protected RegistrySerializable(int factoryId, int classId) {
    this.factoryId = factoryId;
    this.classId = classId;
  }

  @Override
  public final int getFactoryId() {
    return factoryId;
  }

  @Override
  public final int getClassId() {
    return classId;
  }
}
