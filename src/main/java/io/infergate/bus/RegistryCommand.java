package io.infergate.bus;

import io.vertx.core.json.JsonObject;

/**
 * A command for the registry, sent as JSON to {@link Addresses#REGISTRY}.
 *
 * <pre>
 * {"op":"put",    "endpoint":{...definition with secret_settings...}, "principal":{...}}
 * {"op":"get",    "task_type":"sparse_embedding"|null, "inference_id":"my-id"|null, "principal":{...}}
 * {"op":"delete", "task_type":...|null, "inference_id":"my-id", "dry_run":false, "force":false, "principal":{...}}
 * </pre>
 *
 * A {@code get} without an id lists the endpoints (of the task type, when one is given).
 */
public record RegistryCommand(
    Op op,
    String taskType,
    String inferenceId,
    EndpointDefinition endpoint,
    boolean dryRun,
    boolean force,
    Principal principal) {

  public enum Op {
    PUT, GET, DELETE;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Op fromWireName(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public static RegistryCommand put(EndpointDefinition endpoint, Principal principal) {
    return new RegistryCommand(Op.PUT, endpoint.taskType(), endpoint.inferenceId(), endpoint,
        false, false, principal);
  }

  /** Gets one endpoint, or lists them when {@code inferenceId} is null. */
  public static RegistryCommand get(String taskType, String inferenceId, Principal principal) {
    return new RegistryCommand(Op.GET, taskType, inferenceId, null, false, false, principal);
  }

  public static RegistryCommand delete(String taskType, String inferenceId, boolean dryRun,
      boolean force, Principal principal) {
    return new RegistryCommand(Op.DELETE, taskType, inferenceId, null, dryRun, force, principal);
  }

  public boolean isList() {
    return op == Op.GET && inferenceId == null;
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("op", op.wireName());
    if (taskType != null) {
      json.put("task_type", taskType);
    }
    if (inferenceId != null) {
      json.put("inference_id", inferenceId);
    }
    if (endpoint != null) {
      json.put("endpoint", endpoint.toJsonWithSecrets());
    }
    if (op == Op.DELETE) {
      json.put("dry_run", dryRun).put("force", force);
    }
    return json.put("principal", principal.toJson());
  }

  public static RegistryCommand fromJson(JsonObject json) {
    JsonObject endpoint = json.getJsonObject("endpoint");
    return new RegistryCommand(
        Op.fromWireName(json.getString("op")),
        json.getString("task_type"),
        json.getString("inference_id"),
        endpoint == null ? null : EndpointDefinition.fromJson(endpoint),
        json.getBoolean("dry_run", false),
        json.getBoolean("force", false),
        Principal.fromJson(json.getJsonObject("principal")));
  }
}
