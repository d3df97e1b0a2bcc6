package io.infergate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;

/**
 * An Elasticsearch-style failure: the HTTP status, the error {@code type} and the {@code reason},
 * plus metadata a program reads instead of parsing the reason (for example the oldest event
 * sequence kept, on a 410). Registry failures carry it so that the router maps them without
 * knowing registry internals.
 */
public record EsError(int status, String type, String reason, Map<String, Long> metadata) {

  public EsError {
    metadata = Map.copyOf(metadata);
  }

  public EsError(int status, String type, String reason) {
    this(status, type, reason, Map.of());
  }

  public static EsError badRequest(String type, String reason) {
    return new EsError(400, type, reason);
  }

  public static EsError statusException(int status, String reason) {
    return new EsError(status, "status_exception", reason);
  }

  public static EsError illegalArgument(String reason) {
    return new EsError(400, "illegal_argument_exception", reason);
  }

  /** What a client sees of a failure that is ours, not theirs: the details go to the node's log only. */
  public static EsError internal() {
    return new EsError(500, "exception", "internal error; see the node's log");
  }

  /** Elasticsearch's ValidationException: {@code Validation Failed: 1: a;2: b;} (no space between). */
  public static EsError validation(String... failures) {
    StringBuilder reason = new StringBuilder("Validation Failed: ");
    for (int i = 0; i < failures.length; i++) {
      reason.append(i + 1).append(": ").append(failures[i]).append(';');
    }
    return new EsError(400, "action_request_validation_exception", reason.toString());
  }

  public EsException toException() {
    return new EsException(this);
  }

  /** A metadata value, or {@code fallback} when the failure has none by that name. */
  public long metadata(String name, long fallback) {
    return metadata.getOrDefault(name, fallback);
  }

  /** The wire form: {@code {"status","type","reason","metadata"?}}. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("status", status).put("type", type).put("reason", reason);
    if (!metadata.isEmpty()) {
      JsonObject values = new JsonObject();
      metadata.forEach(values::put);
      json.put("metadata", values);
    }
    return json;
  }

  public static EsError fromJson(JsonObject json) {
    JsonObject values = json.getJsonObject("metadata", new JsonObject());
    Map<String, Long> metadata = new HashMap<>();
    values.fieldNames().forEach(name -> metadata.put(name, values.getLong(name)));
    return new EsError(json.getInteger("status"), json.getString("type"), json.getString("reason"), metadata);
  }

  /** The Elasticsearch error envelope sent to HTTP clients (metadata stays out of it). */
  public JsonObject toEnvelope() {
    JsonObject cause = new JsonObject().put("type", type).put("reason", reason);
    JsonObject error = new JsonObject()
        .put("root_cause", new JsonArray().add(cause.copy()))
        .put("type", type)
        .put("reason", reason);
    return new JsonObject().put("error", error).put("status", status);
  }
}
