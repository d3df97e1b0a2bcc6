package io.infergate.http;

import io.infergate.bus.ClusterHealth;
import io.infergate.bus.DeleteResult;
import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EndpointList;
import io.infergate.bus.References;
import io.infergate.bus.RegistryWire;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The registry's typed replies in Elasticsearch's JSON shapes. Never a secret. */
final class ReplyJson {

  private ReplyJson() {
  }

  static JsonObject endpoint(EndpointDefinition endpoint) {
    return endpoint.publicJson();
  }

  /**
   * Elasticsearch's get answer; with {@code withRevisions} (Infergate's {@code include_revision}),
   * each endpoint also carries the revision this node holds it at, which Elasticsearch has no field for.
   */
  static JsonObject endpoints(EndpointList list, boolean withRevisions) {
    JsonArray endpoints = new JsonArray();
    list.entries().forEach(entry -> {
      JsonObject json = entry.definition().publicJson();
      endpoints.add(withRevisions ? json.put("revision", entry.revision()) : json);
    });
    return new JsonObject().put("endpoints", endpoints);
  }

  /** Elasticsearch's delete answer: which pipelines and indexes (and here, subscribers) use the endpoint. */
  static JsonObject delete(DeleteResult result) {
    JsonObject json = new JsonObject().put("acknowledged", result.acknowledged()).put("pipelines", new JsonArray())
        .put("indexes", new JsonArray()).put("references", new JsonArray(result.references().stream()
            .map(Object.class::cast).toList()));
    return result.dryRunMessage() == null ? json : json.put("error_message", result.dryRunMessage());
  }

  /** Without the owners: a stream's or subscriber's id is internal; its holder_node tells its references apart. */
  static JsonObject references(References references) {
    JsonObject json = RegistryWire.toJson(references);
    json.getJsonArray("references").forEach(reference -> ((JsonObject) reference).remove("owner"));
    return json;
  }

  static JsonObject health(ClusterHealth health) {
    JsonObject json = new JsonObject()
        .put("cluster_name", health.clusterName())
        .put("status", health.status())
        .put("timed_out", false)
        .put("number_of_nodes", health.numberOfNodes())
        .put("number_of_data_nodes", health.numberOfNodes())
        .put("min_cluster_size", health.minClusterSize())
        .put("active_primary_shards", 0)
        .put("active_shards", 0)
        .put("relocating_shards", 0)
        .put("initializing_shards", 0)
        .put("unassigned_shards", 0)
        .put("delayed_unassigned_shards", 0)
        .put("number_of_pending_tasks", 0)
        .put("number_of_in_flight_fetch", 0)
        .put("task_max_waiting_in_queue_millis", 0)
        .put("active_shards_percent_as_number", 100.0);
    return health.reason() == null ? json : json.put("reason", health.reason());
  }
}
