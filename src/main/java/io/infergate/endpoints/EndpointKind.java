package io.infergate.endpoints;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import io.infergate.bus.Addresses;
import io.infergate.bus.EndpointDefinition;
import io.infergate.registry.DocumentKind;
import io.infergate.secrets.SecretSettingsCodec;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * Inference endpoints as a replicated document kind: stored in the map {@code infergate.endpoints}
 * and the table {@code infergate_endpoints} as the endpoint object with its {@code secret_settings}
 * sealed (and the {@code references} that protect it), logged in {@code infergate.events} and
 * published on {@link Addresses#EVENTS}. Built per node with the node's keys: the secret settings
 * are encrypted in {@link #toBody} before anything enters the map, and decrypted in
 * {@link #fromBody} only, which builds this node's read view.
 */
public final class EndpointKind implements DocumentKind<EndpointDefinition> {

  public static final String NAME = "endpoints";
  private static final List<String> IDENTITY = List.of("inference_id", "task_type", "service");

  private final SecretSettingsCodec secrets;

  public EndpointKind(SecretSettingsCodec secrets) {
    this.secrets = secrets;
  }

  @Override
  public String name() {
    return NAME;
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
    return endpoint.publicJson().put("secret_settings", secrets.seal(endpoint.inferenceId(), endpoint.secretSettings()));
  }

  @Override
  public EndpointDefinition fromBody(JsonObject body) {
    EndpointDefinition stored = sealed(body);
    return new EndpointDefinition(stored.inferenceId(), stored.taskType(), stored.service(), stored.serviceSettings(),
        secrets.open(stored.inferenceId(), stored.secretSettings()), stored.taskSettings(), stored.chunkingSettings());
  }

  /** Whether this node would seal a stored body's secrets differently: plaintext, or under a decrypt-only key. */
  boolean needsResealing(JsonObject body) {
    return secrets.needsResealing(body.getJsonObject("secret_settings", new JsonObject()));
  }

  /** The endpoint of a stored body with its secret settings left sealed: for rules that never need them. */
  static EndpointDefinition sealed(JsonObject body) {
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
