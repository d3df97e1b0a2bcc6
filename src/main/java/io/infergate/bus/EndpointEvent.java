package io.infergate.bus;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * A change to the registry, published once on {@link Addresses#EVENTS} after it is applied.
 *
 * <pre>
 * {"sequence":17,"type":"deleted","inference_id":"my-id","task_type":"sparse_embedding","service":"hugging_face","revision":42,
 *  "principal":{"username":"alice","roles":["inference_admin"],"realm":"default_file"},
 *  "node":"node-1","timestamp":"2026-11-26T21:00:00.123Z"}
 * </pre>
 *
 * {@code sequence} numbers every event of the cluster, without gaps, in the order they were
 * appended to the event log: a subscriber that missed some asks for them from the last it saw
 * (see {@link EventsQuery}). It is absent (-1) only on an event not yet appended.
 * {@code revision} comes from a cluster-wide counter: it is strictly greater than that of any
 * earlier change of the same id, so a re-created endpoint is told from the one deleted before it.
 * An event never carries settings, so it can never carry a secret.
 */
public record EndpointEvent(
    long sequence,
    Type type,
    String inferenceId,
    String taskType,
    String service,
    long revision,
    Principal principal,
    String node,
    Instant timestamp) {

  public enum Type {
    CREATED, UPDATED, DELETED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (sequence >= 0) {
      json.put("sequence", sequence);
    }
    return json
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
        json.getLong("sequence", -1L),
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
