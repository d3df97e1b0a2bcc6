package io.infergate.inference.traffic;

import io.infergate.bus.EsError;
import io.infergate.bus.EsException;

/** Elasticsearch's errors for requests an endpoint's queue refuses or drops. */
final class TrafficErrors {

  private TrafficErrors() {
  }

  /** The endpoint's queue holds as many requests as it may. */
  static EsException queueFull(String inferenceId) {
    return new EsError(429, "es_rejected_execution_exception", "Failed to execute task for inference id ["
        + inferenceId + "] because the request service [" + inferenceId + "] queue is full").toException();
  }

  /** The endpoint was deleted while the request waited. */
  static EsException endpointGone(String inferenceId) {
    return new EsError(404, "resource_not_found_exception", "Inference endpoint not found [" + inferenceId + "]")
        .toException();
  }
}
