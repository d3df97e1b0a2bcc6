package io.infergate.inference.providers;

import io.infergate.bus.EndpointDefinition;
import io.infergate.inference.perform.PerformRequest;

/** A task setting as a request sees it: the request's own value, else the endpoint's, else null. */
final class TaskSettings {

  private TaskSettings() {
  }

  static Object value(EndpointDefinition endpoint, PerformRequest request, String name) {
    Object value = request.taskSettings().getValue(name);
    if (value == null && endpoint.taskSettings() != null) {
      value = endpoint.taskSettings().getValue(name);
    }
    return value;
  }

  static String string(EndpointDefinition endpoint, PerformRequest request, String name) {
    return value(endpoint, request, name) instanceof String string ? string : null;
  }

  /** Rerank's {@code top_n}: the request's parameter first, then the task settings. */
  static Integer topN(EndpointDefinition endpoint, PerformRequest request) {
    if (request.topN() != null) {
      return request.topN();
    }
    return value(endpoint, request, "top_n") instanceof Number number ? number.intValue() : null;
  }

  /** Rerank's {@code return_documents}: the request's parameter first, then the task settings, else false. */
  static boolean returnDocuments(EndpointDefinition endpoint, PerformRequest request) {
    if (request.returnDocuments() != null) {
      return request.returnDocuments();
    }
    return Boolean.TRUE.equals(value(endpoint, request, "return_documents"));
  }
}
