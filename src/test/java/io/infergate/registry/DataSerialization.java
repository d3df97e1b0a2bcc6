package io.infergate.registry;

import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.InternalSerializationService;
import com.hazelcast.internal.serialization.impl.DefaultSerializationServiceBuilder;
import io.infergate.testing.TestSecrets;

/**
 * Hazelcast's serialization of what travels between members (entry processors, their results, a
 * kind's delete guard), with the factories a member registers, but without a Hazelcast instance.
 */
public final class DataSerialization {

  private static final InternalSerializationService SERVICE = new DefaultSerializationServiceBuilder()
      .addDataSerializableFactory(RegistrySerializers.FACTORY_ID, new RegistrySerializers())
      .addDataSerializableFactory(TestSecrets.ENDPOINTS.serializersFactoryId(), TestSecrets.ENDPOINTS.serializers())
      .build();

  private DataSerialization() {
  }

  /** The object as the member it is sent to creates it from its bytes. */
  public static <T> T roundTrip(T object) {
    Data data = SERVICE.toData(object);
    T copy = SERVICE.toObject(data);
    if (copy == object) {
      throw new AssertionError("the serialization service returned the object itself");
    }
    return copy;
  }
}
