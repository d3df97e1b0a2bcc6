package io.infergate.bus;

import io.vertx.core.json.JsonObject;

/**
 * A validated inference endpoint as it is created. Secret settings (api keys) travel apart from
 * the public service settings so that nothing downstream can return them by accident.
 */
public record EndpointDefinition(
    String inferenceId,
    String taskType,
    String service,
    JsonObject serviceSettings,
    JsonObject secretSettings,
    JsonObject taskSettings,
    JsonObject chunkingSettings) {

  /**
   * The Elasticsearch endpoint object: inference_id, task_type, service, service_settings,
   * task_settings (omitted when empty), chunking_settings (when given). Never a secret.
   */
  public JsonObject publicJson() {
    JsonObject json = new JsonObject()
        .put("inference_id", inferenceId)
        .put("task_type", taskType)
        .put("service", service)
        .put("service_settings", serviceSettings.copy());
    if (taskSettings != null && !taskSettings.isEmpty()) {
      json.put("task_settings", taskSettings.copy());
    }
    if (chunkingSettings != null) {
      json.put("chunking_settings", chunkingSettings.copy());
    }
    return json;
  }

  /**
   * Elasticsearch's refusal of a request whose path names another task type than this endpoint's,
   * or null when {@code requestedTaskType} is null (none named) or this endpoint's.
   */
  public EsError taskTypeMismatch(String requestedTaskType) {
    if (requestedTaskType == null || requestedTaskType.equals(taskType)) {
      return null;
    }
    return EsError.statusException(400, "Requested task type [" + requestedTaskType
        + "] does not match the inference endpoint's task type [" + taskType + "]");
  }

  public static EndpointDefinition fromJson(JsonObject json) {
    return new EndpointDefinition(
        json.getString("inference_id"),
        json.getString("task_type"),
        json.getString("service"),
        json.getJsonObject("service_settings", new JsonObject()),
        json.getJsonObject("secret_settings", new JsonObject()),
        json.getJsonObject("task_settings", new JsonObject()),
        json.getJsonObject("chunking_settings"));
  }
}
