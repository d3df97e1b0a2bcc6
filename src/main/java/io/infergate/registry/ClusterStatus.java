package io.infergate.registry;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Health and membership as the registry sees them: for {@code _cluster/health}, {@code _nodes}, {@code _cat/nodes}. */
final class ClusterStatus {

  private static final long STATUS_TIMEOUT_MS = 2_000;

  private final Vertx vertx;
  private final RegistrySettings settings;
  private final ClusterGate gate;
  private final ViewReplicator replicator;
  private final EndpointStore store;
  private final Supplier<JsonObject> localStatus;
  private final BooleanSupplier backupsInSync;

  ClusterStatus(Vertx vertx, RegistrySettings settings, ClusterGate gate, ViewReplicator replicator,
      EndpointStore store, Supplier<JsonObject> localStatus, BooleanSupplier backupsInSync) {
    this.vertx = vertx;
    this.settings = settings;
    this.gate = gate;
    this.replicator = replicator;
    this.store = store;
    this.localStatus = localStatus;
    this.backupsInSync = backupsInSync;
  }

  /**
   * Elasticsearch's colours: red while this node refuses to serve (cut off, or below the minimum
   * size); yellow while some partition's backup is not yet in sync (just after a member joined or
   * left), when losing one more member could lose data held only in memory, such as recent
   * events; green otherwise. Asking Hazelcast for the backups' state calls every member: blocking.
   */
  Future<JsonObject> health() {
    if (!gate.isOpen()) {
      return Future.succeededFuture(health("red"));
    }
    return vertx.executeBlocking(() -> health(backupsInSync.getAsBoolean() ? "green" : "yellow"), false);
  }

  private JsonObject health(String colour) {
    int nodes = gate.visibleMembers();
    return new JsonObject()
        .put("cluster_name", settings.clusterName())
        .put("status", colour)
        .put("timed_out", false)
        .put("number_of_nodes", nodes)
        .put("number_of_data_nodes", nodes)
        .put("min_cluster_size", gate.minClusterSize())
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
  }

  /** Every gateway member's status, each marked current when its view has the latest revision. */
  Future<JsonObject> nodes() {
    UUID self = replicator.self();
    List<Future<JsonObject>> answers = replicator.gatewayMembers().stream()
        .map(member -> member.equals(self) ? Future.succeededFuture(localStatus.get())
            : replicator.ask(member, new JsonObject().put("op", "status"), STATUS_TIMEOUT_MS)
                .otherwise(failure -> new JsonObject().put("id", member.toString()).put("serving", false)
                    .put("error", String.valueOf(failure.getMessage()))))
        .toList();
    return Future.join(answers)
        .compose(joined -> vertx.executeBlocking(store::currentRevision, false))
        .map(revision -> {
          JsonArray nodes = new JsonArray();
          answers.forEach(answer -> {
            JsonObject node = answer.result();
            node.put("view_current",
                node.getBoolean("serving", false) && node.getLong("view_revision", -1L) >= revision);
            nodes.add(node);
          });
          return new JsonObject().put("cluster_name", settings.clusterName()).put("revision", revision)
              .put("nodes", nodes);
        });
  }
}
