package io.infergate.bus;

import io.vertx.core.json.JsonObject;

/**
 * A command for the registry, sent as JSON to {@link Addresses#REGISTRY}.
 *
 * <pre>
 * {"op":"put",    "endpoint":{...definition with secret_settings...}, "principal":{...}}
 * {"op":"get",    "task_type":"sparse_embedding"|null, "inference_id":"my-id"|null, "principal":{...}}
 * {"op":"delete", "task_type":...|null, "inference_id":"my-id", "dry_run":false, "force":false, "principal":{...}}
 * {"op":"update", "task_type":...|null, "inference_id":"my-id", "endpoint":{...settings to change...}, "principal":{...}}
 * {"op":"health", "principal":{...}}      {"op":"nodes", "principal":{...}}
 * </pre>
 *
 * A {@code get} without an id lists the endpoints (of the task type, when one is given). Writes
 * carry {@code timeout_ms}: how long to wait for every member's read view to apply the change
 * before answering {@code "acknowledged": false}.
 */
public record RegistryCommand(
    Op op,
    String taskType,
    String inferenceId,
    EndpointDefinition endpoint,
    boolean dryRun,
    boolean force,
    long timeoutMs,
    Principal principal) {

  public static final long DEFAULT_TIMEOUT_MS = 30_000;

  public enum Op {
    PUT, UPDATE, GET, DELETE, HEALTH, NODES;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Op fromWireName(String name) {
      return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }
  }

  public static RegistryCommand put(EndpointDefinition endpoint, long timeoutMs, Principal principal) {
    return new RegistryCommand(Op.PUT, endpoint.taskType(), endpoint.inferenceId(), endpoint,
        false, false, timeoutMs, principal);
  }

  /**
   * Changes settings of an existing endpoint: {@code changes} holds only the settings to change
   * (its service and task type are ignored); the registry merges them into the stored endpoint.
   */
  public static RegistryCommand update(String taskType, EndpointDefinition changes, long timeoutMs, Principal principal) {
    return new RegistryCommand(Op.UPDATE, taskType, changes.inferenceId(), changes, false, false, timeoutMs, principal);
  }

  /** Gets one endpoint, or lists them when {@code inferenceId} is null. */
  public static RegistryCommand get(String taskType, String inferenceId, Principal principal) {
    return new RegistryCommand(Op.GET, taskType, inferenceId, null, false, false, 0, principal);
  }

  public static RegistryCommand delete(String taskType, String inferenceId, boolean dryRun,
      boolean force, long timeoutMs, Principal principal) {
    return new RegistryCommand(Op.DELETE, taskType, inferenceId, null, dryRun, force, timeoutMs, principal);
  }

  /** Cluster health ({@code HEALTH}) or the list of gateway nodes ({@code NODES}). */
  public static RegistryCommand cluster(Op op, Principal principal) {
    return new RegistryCommand(op, null, null, null, false, false, 0, principal);
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
    if (op == Op.PUT || op == Op.UPDATE || op == Op.DELETE) {
      json.put("timeout_ms", timeoutMs);
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
        json.getLong("timeout_ms", DEFAULT_TIMEOUT_MS),
        Principal.fromJson(json.getJsonObject("principal")));
  }
}
