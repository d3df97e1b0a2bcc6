package io.infergate.endpoints;

import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EndpointLookup;
import io.infergate.bus.EsError;

/** Whether a request's id and optional task type name a live endpoint: Elasticsearch's 404 and task type 400. */
final class EndpointMatch {

  private EndpointMatch() {
  }

  /** The refusal for {@code live} (null when no live endpoint has the id), or null when it matches. */
  static EsError refusal(String id, String taskType, EndpointDefinition live) {
    if (live == null) {
      return EndpointLookup.notFound(id);
    }
    return live.taskTypeMismatch(taskType);
  }

  /** The live endpoint the request names, or the failure Elasticsearch gives. */
  static EndpointDefinition require(String id, String taskType, EndpointDefinition live) {
    EsError refusal = refusal(id, taskType, live);
    if (refusal != null) {
      throw refusal.toException();
    }
    return live;
  }
}
