package io.infergate.registry;

import io.infergate.bus.EndpointDefinition;
import io.vertx.core.json.JsonObject;

/**
 * What the registry map holds for an id: the endpoint (secrets included) with its revision, or a
 * tombstone recording the revision and time of its deletion. Tombstones keep revisions of one id
 * strictly increasing across delete and re-create, until they are purged. {@code encoded} is the
 * exact stored text, so that conditional writes can compare against it.
 */
record StoredEndpoint(String id, EndpointDefinition definition, long revision, long deletedAtMillis, String writer,
    String encoded) {

  /**
   * @param writer the cluster member that wrote it: if that member dies before every view has the
   *               change, the survivors know whose changes to recover
   */
  static StoredEndpoint live(EndpointDefinition definition, long revision, String writer) {
    JsonObject json = definition.toJsonWithSecrets().put("revision", revision).put("written_by", writer);
    return new StoredEndpoint(definition.inferenceId(), definition, revision, 0, writer, json.encode());
  }

  static StoredEndpoint tombstone(String id, long revision, long deletedAtMillis, String writer) {
    JsonObject json = new JsonObject().put("inference_id", id).put("revision", revision)
        .put("deleted_at", deletedAtMillis).put("written_by", writer);
    return new StoredEndpoint(id, null, revision, deletedAtMillis, writer, json.encode());
  }

  static StoredEndpoint decode(String encoded) {
    JsonObject json = new JsonObject(encoded);
    long revision = json.getLong("revision", 0L);
    String writer = json.getString("written_by");
    if (json.containsKey("deleted_at")) {
      return new StoredEndpoint(json.getString("inference_id"), null, revision, json.getLong("deleted_at"), writer,
          encoded);
    }
    EndpointDefinition definition = EndpointDefinition.fromJson(json);
    return new StoredEndpoint(definition.inferenceId(), definition, revision, 0, writer, encoded);
  }

  boolean isTombstone() {
    return definition == null;
  }
}
