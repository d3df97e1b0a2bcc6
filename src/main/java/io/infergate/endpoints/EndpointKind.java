package io.infergate.endpoints;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import io.infergate.bus.Addresses;
import io.infergate.bus.EndpointDefinition;
import io.infergate.registry.DocumentKind;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Inference endpoints as a replicated document kind: stored in the map {@code infergate.endpoints}
 * and the table {@code infergate_endpoints} as the endpoint object with its {@code secret_settings}
 * (and the {@code references} that protect it), logged in {@code infergate.events} and published
 * on {@link Addresses#EVENTS}.
 */
public final class EndpointKind implements DocumentKind<EndpointDefinition> {

  public static final EndpointKind INSTANCE = new EndpointKind();
  private static final List<String> IDENTITY = List.of("inference_id", "task_type", "service");

  private EndpointKind() {
  }

  @Override
  public String name() {
    return "endpoints";
  }

  @Override
  public String subject() {
    return "inference endpoint";
  }

  @Override
  public String idField() {
    return "inference_id";
  }

  @Override
  public String eventLog() {
    return "infergate.events";
  }

  @Override
  public String eventAddress() {
    return Addresses.EVENTS;
  }

  @Override
  public String mergePolicy() {
    return EndpointsMergePolicy.class.getName();
  }

  @Override
  public List<String> identityFields() {
    return IDENTITY;
  }

  @Override
  public JsonObject toBody(EndpointDefinition endpoint) {
    return endpoint.toJsonWithSecrets();
  }

  @Override
  public EndpointDefinition fromBody(JsonObject body) {
    return EndpointDefinition.fromJson(body);
  }

  @Override
  public JsonObject eventFields(JsonObject body) {
    JsonObject fields = new JsonObject();
    IDENTITY.forEach(field -> fields.put(field, body.getString(field)));
    return fields;
  }

  @Override
  public DataSerializableFactory serializers() {
    return new EndpointSerializers();
  }

  @Override
  public int serializersFactoryId() {
    return EndpointSerializers.FACTORY_ID;
  }
}
