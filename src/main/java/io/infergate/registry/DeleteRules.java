package io.infergate.registry;

import io.infergate.bus.EsError;
import java.util.List;

/**
 * When a delete is refused, in Elasticsearch's order: a missing endpoint (404), another task type
 * (400), a reserved id without force (400), references without force (409). Checked where the
 * delete is applied, atomically with it, and again by the caller to word the refusal.
 *
 * @param taskType   the task type the request named, or null
 * @param reserved   whether the id is reserved (leading dot); ignored with force
 * @param references whether references refuse the delete: not with force, not for a dry run
 */
record DeleteRules(String taskType, boolean force, boolean reserved, boolean references) {

  /** The refusal of deleting {@code current} (null when there is no live endpoint), or null if allowed. */
  EsError refusal(String id, StoredEndpoint current) {
    EsError unmatched = EndpointMatch.refusal(id, taskType,
        current == null || current.isTombstone() ? null : current.definition());
    if (unmatched != null) {
      return unmatched;
    }
    if (reserved && !force) {
      return EsError.statusException(400, "[" + id + "] is a reserved inference endpoint. "
          + "Use the force=true query parameter to delete the inference endpoint.");
    }
    if (references && !force && !current.references().isEmpty()) {
      return new EsError(409, "status_exception", referencedMessage(id, current.references()));
    }
    return null;
  }

  static String referencedMessage(String id, List<io.vertx.core.json.JsonObject> holders) {
    return "Inference endpoint [" + id + "] is referenced by subscribers: "
        + holders.stream().map(h -> h.getString("holder")).toList()
        + ". Ensure that no subscribers are using this inference endpoint, or use force to ignore this warning"
        + " and delete the inference endpoint.";
  }
}
