package io.infergate.bus;

import io.vertx.core.json.JsonObject;

/**
 * An Elasticsearch-style failure: the HTTP status, the error {@code type} and the {@code reason}.
 * Registry replies carry it so that the router maps failures without knowing registry internals.
 */
public record EsError(int status, String type, String reason) {

  public static EsError badRequest(String type, String reason) {
    return new EsError(400, type, reason);
  }

  public static EsError statusException(int status, String reason) {
    return new EsError(status, "status_exception", reason);
  }

  public static EsError illegalArgument(String reason) {
    return new EsError(400, "illegal_argument_exception", reason);
  }

  public static EsError validation(String... failures) {
    StringBuilder reason = new StringBuilder("Validation Failed: ");
    for (int i = 0; i < failures.length; i++) {
      reason.append(i + 1).append(": ").append(failures[i]).append(';');
      if (i < failures.length - 1) {
        reason.append(' ');
      }
    }
    return new EsError(400, "action_request_validation_exception", reason.toString());
  }

  public EsException toException() {
    return new EsException(this);
  }

  public JsonObject toJson() {
    return new JsonObject().put("status", status).put("type", type).put("reason", reason);
  }

  public static EsError fromJson(JsonObject json) {
    return new EsError(json.getInteger("status"), json.getString("type"), json.getString("reason"));
  }

  /** The Elasticsearch error envelope sent to HTTP clients. */
  public JsonObject toEnvelope() {
    JsonObject cause = new JsonObject().put("type", type).put("reason", reason);
    JsonObject error = new JsonObject()
        .put("root_cause", new io.vertx.core.json.JsonArray().add(cause.copy()))
        .put("type", type)
        .put("reason", reason);
    return new JsonObject().put("error", error).put("status", status);
  }
}
