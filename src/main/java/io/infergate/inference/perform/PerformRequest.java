package io.infergate.inference.perform;

import io.infergate.inference.TaskType;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * One validated call of {@code POST /_inference/[task_type/]{id}}: what to send to the endpoint's
 * service. Fields a task does not take are null.
 *
 * @param taskType    the endpoint's task type (the path's, once checked against the endpoint)
 * @param input       the texts, in order (for {@code chat_completion}: empty, see {@code chat})
 * @param query       the rerank query
 * @param inputType   {@code ingest|search|classification|clustering} (text_embedding only)
 * @param taskSettings per-request task settings, over the endpoint's (never null)
 * @param returnDocuments rerank: whether each ranked document carries its text
 * @param topN        rerank: how many ranked documents to keep
 * @param chat        chat_completion: the OpenAI-style request body (messages, model, ...)
 * @param timeoutMs   how long the caller waits for the whole call
 */
public record PerformRequest(
    String inferenceId,
    TaskType taskType,
    List<String> input,
    String query,
    String inputType,
    JsonObject taskSettings,
    Boolean returnDocuments,
    Integer topN,
    JsonObject chat,
    long timeoutMs) {

  public PerformRequest {
    input = List.copyOf(input);
    taskSettings = taskSettings == null ? new JsonObject() : taskSettings;
  }
}
