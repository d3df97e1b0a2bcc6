package io.infergate.inference.builtin;

import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import io.infergate.inference.TaskType;

/** The Elasticsearch errors of the built-in model, with Elasticsearch's messages where it has them. */
final class BuiltInModelErrors {

  private BuiltInModelErrors() {
  }

  static EsException unknownModel(String modelId) {
    return new EsError(404, "resource_not_found_exception", "Could not find trained model [" + modelId + "]")
        .toException();
  }

  static EsException unsupportedTaskType(TaskType taskType) {
    return EsError.statusException(400, "The [" + BuiltInModelService.NAME
        + "] service does not support task type [" + taskType + "]").toException();
  }

  // langchain4j refuses to embed a blank text, and a batch holds other clients' texts too.
  static EsException blankInput(int index) {
    return EsError.validation("Field [input] cannot contain an empty or blank string for the ["
        + BuiltInModelService.NAME + "] service; input [" + index + "] is").toException();
  }

  static EsException unembeddable(String why) {
    return EsError.statusException(400, "The [" + BuiltInModelService.NAME + "] service could not embed the input: "
        + why).toException();
  }

  static EsException queueFull(String inferenceId) {
    return rejected("Failed to execute task for inference id [" + inferenceId
        + "] because the built-in model queue is full");
  }

  static EsException shutDown(String inferenceId) {
    return rejected("Failed to execute task for inference id [" + inferenceId
        + "] because the built-in model is shut down");
  }

  static EsException cancelled(String inferenceId) {
    return new EsError(400, "task_cancelled_exception",
        "task cancelled [the client left before the built-in model ran inference id [" + inferenceId + "]]")
        .toException();
  }

  private static EsException rejected(String reason) {
    return new EsError(429, "es_rejected_execution_exception", reason).toException();
  }
}
