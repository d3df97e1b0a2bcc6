package io.infergate.inference.perform;

import io.infergate.inference.TaskType;
import io.infergate.inference.TimeValue;
import io.vertx.core.json.JsonObject;

/**
 * How long one perform request may take, the first given of: the request's {@code ?timeout=} or
 * body {@code timeout}, its {@code task_settings.timeout}, the endpoint's {@code task_settings.timeout},
 * else the task type's default (Elasticsearch's: 30 s, 120 s for completions).
 */
public final class PerformTimeout {

  public static final long DEFAULT_MS = 30_000;
  /** Completions take longer: Elasticsearch waits two minutes for them. */
  public static final long COMPLETION_MS = 120_000;
  static final String SETTING = "timeout";

  private PerformTimeout() {
  }

  /**
   * @param requestedMs          the request's {@code ?timeout=} or body {@code timeout}, or null
   * @param requestTaskSettings  the request's task settings, already validated, or null
   * @param endpointTaskSettings the endpoint's task settings, validated when it was stored, or null
   */
  static long of(Long requestedMs, JsonObject requestTaskSettings, JsonObject endpointTaskSettings,
      TaskType taskType) {
    if (requestedMs != null) {
      return requestedMs;
    }
    String setting = setting(requestTaskSettings);
    if (setting == null) {
      setting = setting(endpointTaskSettings);
    }
    return setting != null ? TimeValue.millis(SETTING, setting) : defaultMs(taskType);
  }

  /** The timeout a request of this task type gets when nothing names one. */
  public static long defaultMs(TaskType taskType) {
    return taskType == TaskType.COMPLETION || taskType == TaskType.CHAT_COMPLETION ? COMPLETION_MS : DEFAULT_MS;
  }

  private static String setting(JsonObject taskSettings) {
    return taskSettings != null && taskSettings.getValue(SETTING) instanceof String value ? value : null;
  }
}
