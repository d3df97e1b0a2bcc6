package io.infergate.endpoints;

import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/** An endpoint type that travels between members, created on arrival by {@link EndpointSerializers}. */
abstract class EndpointSerializable implements IdentifiedDataSerializable {

  private final int classId;

  EndpointSerializable(int classId) {
    this.classId = classId;
  }

  @Override
  public final int getFactoryId() {
    return EndpointSerializers.FACTORY_ID;
  }

  @Override
  public final int getClassId() {
    return classId;
  }
}
