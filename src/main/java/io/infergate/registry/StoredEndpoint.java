package io.infergate.registry;

import io.infergate.bus.EndpointDefinition;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * What the registry map holds for an id: the endpoint (secrets included) with its revision and
 * the references that protect it from a non-forced delete, or a tombstone recording the revision
 * and time of its deletion and which endpoint it was (id, task type, service). Tombstones keep
 * revisions of one id strictly increasing across delete and re-create, until they are purged.
 * {@code encoded} is the exact stored text, so that conditional writes can compare against it.
 *
 * @param definition the endpoint; for a tombstone only its id, task type and service (null in a
 *                   tombstone written before they were kept)
 * @param writer     the cluster member that wrote it: if that member dies before every view has
 *                   the change, the survivors know whose changes to recover
 * @param references holders, each {@code {"holder", "holder_node"?, "since"}}; always empty for a tombstone
 */
record StoredEndpoint(String id, EndpointDefinition definition, boolean isTombstone, long revision,
    long deletedAtMillis, String writer, List<JsonObject> references, String encoded) {

  static StoredEndpoint live(EndpointDefinition definition, long revision, String writer) {
    return live(definition, revision, writer, List.of());
  }

  static StoredEndpoint live(EndpointDefinition definition, long revision, String writer, List<JsonObject> references) {
    JsonObject json = definition.toJsonWithSecrets().put("revision", revision).put("written_by", writer);
    if (!references.isEmpty()) {
      json.put("references", new JsonArray(new ArrayList<>(references)));
    }
    return new StoredEndpoint(definition.inferenceId(), definition, false, revision, 0, writer, List.copyOf(references),
        json.encode());
  }

  static StoredEndpoint tombstone(EndpointDefinition deleted, long revision, long deletedAtMillis, String writer) {
    JsonObject json = new JsonObject().put("inference_id", deleted.inferenceId()).put("task_type", deleted.taskType())
        .put("service", deleted.service()).put("revision", revision).put("deleted_at", deletedAtMillis)
        .put("written_by", writer);
    return new StoredEndpoint(deleted.inferenceId(), identity(json), true, revision, deletedAtMillis, writer, List.of(),
        json.encode());
  }

  static StoredEndpoint decode(String encoded) {
    JsonObject json = new JsonObject(encoded);
    long revision = json.getLong("revision", 0L);
    String writer = json.getString("written_by");
    if (json.containsKey("deleted_at")) {
      EndpointDefinition deleted = json.containsKey("task_type") ? identity(json) : null;
      return new StoredEndpoint(json.getString("inference_id"), deleted, true, revision, json.getLong("deleted_at"),
          writer, List.of(), encoded);
    }
    EndpointDefinition definition = EndpointDefinition.fromJson(json);
    List<JsonObject> references = json.getJsonArray("references", new JsonArray()).stream()
        .map(JsonObject.class::cast).toList();
    return new StoredEndpoint(definition.inferenceId(), definition, false, revision, 0, writer, references, encoded);
  }

  /** The same endpoint at the same revision with other references: no view or event sees the difference. */
  StoredEndpoint withReferences(List<JsonObject> changed) {
    return live(definition, revision, writer, changed);
  }

  /** The references except those the filter rejects. */
  List<JsonObject> referencesKept(Predicate<JsonObject> keep) {
    return references.stream().filter(keep).toList();
  }

  private static EndpointDefinition identity(JsonObject json) {
    return new EndpointDefinition(json.getString("inference_id"), json.getString("task_type"), json.getString("service"),
        new JsonObject(), new JsonObject(), new JsonObject(), null);
  }
}
