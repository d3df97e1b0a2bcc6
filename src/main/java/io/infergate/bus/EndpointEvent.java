package io.infergate.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A change to the registry, published once on {@link Addresses#EVENTS} after it is applied.
 *
 * <pre>
 * {"type":"deleted","inference_id":"my-id","task_type":"sparse_embedding","service":"hugging_face","revision":42,
 *  "principal":{"username":"alice","roles":["inference_admin"],"realm":"default_file"},
 *  "node":"node-1","timestamp":"2026-11-26T21:00:00.123Z"}
 * </pre>
 *
 * {@code revision} comes from a cluster-wide counter: it is strictly greater than that of any
 * earlier change of the same id, so a re-created endpoint is told from the one deleted before it.
 * An event never carries settings, so it can never carry a secret.
 */
public record EndpointEvent(
    Type type,
    String inferenceId,
    String taskType,
    String service,
    long revision,
    Principal principal,
    String node,
    Instant timestamp) {

  public enum Type {
    CREATED, DELETED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("type", type.wireName())
        .put("inference_id", inferenceId)
        .put("task_type", taskType)
        .put("service", service)
        .put("revision", revision)
        .put("principal", principal.toJson())
        .put("node", node)
        .put("timestamp", timestamp.toString());
  }

  public static EndpointEvent fromJson(JsonObject json) {
    return new EndpointEvent(
        Type.valueOf(json.getString("type").toUpperCase(java.util.Locale.ROOT)),
        json.getString("inference_id"),
        json.getString("task_type"),
        json.getString("service"),
        json.getLong("revision", 0L),
        Principal.fromJson(json.getJsonObject("principal")),
        json.getString("node"),
        Instant.parse(json.getString("timestamp")));
  }
}
