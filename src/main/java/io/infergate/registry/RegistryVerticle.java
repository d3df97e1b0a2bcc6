package io.infergate.registry;

import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import io.infergate.bus.Addresses;
import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.EndpointEvent;
import io.infergate.bus.EsError;
import io.infergate.bus.Principal;
import io.infergate.bus.RegistryCommand;
import io.infergate.bus.RegistryReplies;
import io.infergate.registry.EndpointStore.Outcome;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Owns the endpoint registry on this node. Writes go to the Hazelcast map (and through it to the
 * durable store), then to every gateway member's read view; the reply is sent once all have
 * applied the change, and one event is published. Reads are answered from this node's view.
 */
public final class RegistryVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(RegistryVerticle.class.getName());
  private static final long STATUS_TIMEOUT_MS = 2_000;

  private final HazelcastInstance hazelcast;
  private final RegistrySettings settings;
  private final Clock clock;
  private final ReadView view = new ReadView();
  private final ClusterGate gate;
  private EndpointStore store;
  private ViewReplicator replicator;
  private UUID membershipListener;
  private volatile String httpAddress = "";

  public RegistryVerticle(HazelcastInstance hazelcast, RegistrySettings settings, Clock clock) {
    this.hazelcast = hazelcast;
    this.settings = settings;
    this.clock = clock;
    this.gate = new ClusterGate(settings.minClusterSize());
  }

  /** Where this node serves HTTP, for {@code _nodes}; known once the router listens. */
  public void httpAddress(String address) {
    this.httpAddress = address;
  }

  @Override
  public Future<?> start() {
    replicator = new ViewReplicator(vertx, hazelcast);
    MessageConsumer<JsonObject> viewConsumer =
        vertx.eventBus().consumer(ViewReplicator.address(replicator.self()), this::handleViewMessage);
    // Subscribe to changes first, then load: a change that lands in between is in one or the other,
    // and the revision guard makes applying it twice harmless.
    return viewConsumer.completion()
        .compose(subscribed -> blocking(() -> new EndpointStore(hazelcast, clock)))
        .compose(created -> {
          store = created;
          watchMembership();
          // Below the minimum size the map refuses access; the view loads once enough members join.
          return gate.needsCatchUp() ? catchUp() : Future.succeededFuture();
        })
        .compose(loaded -> vertx.eventBus().consumer(Addresses.REGISTRY, this::handle).completion())
        .onSuccess(ready -> {
          long everyMs = Math.max(1_000, settings.tombstoneRetention().toMillis() / 2);
          vertx.setPeriodic(everyMs, timer -> purgeTombstones());
        });
  }

  @Override
  public Future<?> stop() {
    if (membershipListener != null) {
      hazelcast.getCluster().removeMembershipListener(membershipListener);
    }
    return Future.succeededFuture();
  }

  private void watchMembership() {
    io.vertx.core.Context context = vertx.getOrCreateContext();
    membershipListener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        context.runOnContext(ignored -> membersChanged());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        context.runOnContext(ignored -> membersChanged());
      }
    });
    gate.membersChanged(replicator.gatewayMembers().size());
  }

  private void membersChanged() {
    if (gate.membersChanged(replicator.gatewayMembers().size())) {
      LOG.warning(() -> "node [" + settings.nodeName() + "] is cut off: " + gate.blocked().reason());
    }
    if (gate.needsCatchUp()) {
      catchUp().onFailure(failure -> {
        LOG.log(Level.WARNING, "catching up with the cluster failed; retrying", failure);
        vertx.setTimer(1_000, retry -> membersChanged());
      });
    }
  }

  /** Reloads the view from the map (tombstones included); the revision guard keeps newer entries. */
  private Future<Void> catchUp() {
    return blocking(store::snapshot).map(snapshot -> {
      snapshot.entries().forEach(view::apply);
      view.dropMissing(snapshot.ids(), snapshot.revision());
      if (replicator.gatewayMembers().size() >= gate.minClusterSize()) {
        gate.caughtUp();
      }
      return null;
    });
  }

  private void handleViewMessage(Message<JsonObject> message) {
    String op = message.body().getString("op");
    if ("apply".equals(op)) {
      view.apply(StoredEndpoint.decode(message.body().getString("stored")));
      message.reply(new JsonObject().put("applied", true));
    } else if ("status".equals(op)) {
      message.reply(status());
    } else {
      message.fail(400, "unknown view operation [" + op + "]");
    }
  }

  private void handle(Message<JsonObject> message) {
    RegistryCommand command;
    try {
      command = RegistryCommand.fromJson(message.body());
    } catch (RuntimeException e) {
      RegistryReplies.fail(message, EsError.illegalArgument("malformed registry command: " + e.getMessage()));
      return;
    }
    Future<JsonObject> reply;
    if (command.op() == RegistryCommand.Op.HEALTH) {
      reply = Future.succeededFuture(health());
    } else if (command.op() == RegistryCommand.Op.NODES) {
      reply = nodes();
    } else if (!gate.isOpen()) {
      reply = Future.failedFuture(gate.blocked().toException());
    } else {
      reply = switch (command.op()) {
        case PUT -> put(command);
        case GET -> command.isList() ? Future.succeededFuture(list(command.taskType())) : getOne(command);
        case DELETE -> delete(command);
        default -> Future.failedFuture(EsError.illegalArgument("unsupported op").toException());
      };
    }
    reply.onSuccess(message::reply)
        .onFailure(failure -> RegistryReplies.fail(message, RegistryReplies.toError(failure)));
  }

  private Future<JsonObject> getOne(RegistryCommand command) {
    try {
      EndpointDefinition endpoint = matching(view.get(command.inferenceId()), command);
      return Future.succeededFuture(new JsonObject().put("endpoints", new JsonArray().add(endpoint.publicJson())));
    } catch (RuntimeException failure) {
      return Future.failedFuture(failure);
    }
  }

  private JsonObject list(String taskType) {
    return new JsonObject().put("endpoints",
        new JsonArray(view.list(taskType).stream().map(EndpointDefinition::publicJson).toList()));
  }

  private Future<JsonObject> put(RegistryCommand command) {
    EndpointDefinition endpoint = command.endpoint();
    return blocking(() -> store.create(endpoint)).compose(outcome -> {
      if (outcome instanceof Outcome.Conflict) {
        throw new EsError(400, "resource_already_exists_exception",
            "Inference endpoint [" + endpoint.inferenceId() + "] already exists").toException();
      }
      StoredEndpoint written = ((Outcome.Applied) outcome).written();
      return propagate(written, command.timeoutMs())
          .map(acknowledged -> {
            publish(EndpointEvent.Type.CREATED, written.definition(), written.revision(), command.principal());
            return endpoint.publicJson();
          });
    });
  }

  private Future<JsonObject> delete(RegistryCommand command) {
    return blocking(() -> {
      // Compare-and-delete against the map, the source of truth; retried only if the endpoint was
      // replaced between the read and the delete.
      while (true) {
        StoredEndpoint current = store.get(command.inferenceId()).filter(found -> !found.isTombstone()).orElse(null);
        matching(Optional.ofNullable(current).map(StoredEndpoint::definition), command);
        if (command.dryRun()) {
          return Optional.<Outcome.Applied>empty();
        }
        Outcome outcome = store.delete(current);
        if (outcome instanceof Outcome.Applied applied) {
          return Optional.of(applied);
        }
      }
    }).compose(deleted -> {
      JsonObject body = new JsonObject().put("pipelines", new JsonArray()).put("indexes", new JsonArray());
      if (deleted.isEmpty()) {
        return Future.succeededFuture(body.put("acknowledged", false).put("error_message", ""));
      }
      StoredEndpoint tombstone = deleted.get().written();
      EndpointDefinition removed = deleted.get().replaced().definition();
      return propagate(tombstone, command.timeoutMs()).map(acknowledged -> {
        publish(EndpointEvent.Type.DELETED, removed, tombstone.revision(), command.principal());
        return new JsonObject().put("acknowledged", acknowledged).mergeIn(body);
      });
    });
  }

  /** Applies the change to this node's view, then waits for every other gateway member's. */
  private Future<Boolean> propagate(StoredEndpoint change, long timeoutMs) {
    view.apply(change);
    return replicator.replicate(change, timeoutMs).onSuccess(acknowledged -> {
      if (!acknowledged) {
        LOG.warning(() -> "change of [" + change.id() + "] at revision " + change.revision()
            + " stands, but not every node applied it within " + timeoutMs + "ms");
      }
    });
  }

  /** The endpoint the command names, or the 404 / task type mismatch Elasticsearch gives. */
  private static EndpointDefinition matching(Optional<EndpointDefinition> found, RegistryCommand command) {
    EndpointDefinition endpoint = found.orElseThrow(() -> new EsError(404, "resource_not_found_exception",
        "Inference endpoint not found [" + command.inferenceId() + "]").toException());
    if (command.taskType() != null && !command.taskType().equals(endpoint.taskType())) {
      throw EsError.statusException(400, "Requested task type [" + command.taskType()
          + "] does not match the inference endpoint's task type [" + endpoint.taskType() + "]").toException();
    }
    return endpoint;
  }

  private void publish(EndpointEvent.Type type, EndpointDefinition endpoint, long revision, Principal principal) {
    EndpointEvent event = new EndpointEvent(type, endpoint.inferenceId(), endpoint.taskType(),
        endpoint.service(), revision, principal, settings.nodeName(), clock.instant());
    LOG.info(() -> "inference endpoint [" + endpoint.inferenceId() + "] " + type.wireName()
        + " at revision " + revision + " by [" + principal.username() + "]");
    vertx.eventBus().publish(Addresses.EVENTS, event.toJson());
  }

  private JsonObject status() {
    return new JsonObject()
        .put("id", replicator.self().toString())
        .put("name", settings.nodeName())
        .put("http_address", httpAddress)
        .put("view_revision", view.highestRevision())
        .put("view_endpoints", view.size())
        .put("serving", gate.isOpen());
  }

  private JsonObject health() {
    int nodes = gate.visibleMembers();
    String status = !gate.isOpen() ? "red" : "green";
    return new JsonObject()
        .put("cluster_name", settings.clusterName())
        .put("status", status)
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
  private Future<JsonObject> nodes() {
    UUID self = replicator.self();
    var answers = replicator.gatewayMembers().stream()
        .map(member -> member.equals(self) ? Future.succeededFuture(status())
            : replicator.ask(member, new JsonObject().put("op", "status"), STATUS_TIMEOUT_MS)
                .otherwise(failure -> new JsonObject().put("id", member.toString()).put("serving", false)
                    .put("error", String.valueOf(failure.getMessage()))))
        .toList();
    return Future.join(answers).compose(joined -> blocking(store::currentRevision)).map(revision -> {
      JsonArray nodes = new JsonArray();
      answers.forEach(answer -> {
        JsonObject node = answer.result();
        node.put("view_current", node.getBoolean("serving", false) && node.getLong("view_revision", -1L) >= revision);
        nodes.add(node);
      });
      return new JsonObject().put("cluster_name", settings.clusterName()).put("revision", revision)
          .put("nodes", nodes);
    });
  }

  private void purgeTombstones() {
    long cutoff = clock.millis() - settings.tombstoneRetention().toMillis();
    view.forgetTombstones(cutoff);
    blocking(() -> store.purgeTombstones(cutoff))
        .onFailure(failure -> LOG.log(Level.FINE, "purging tombstones failed; will retry", failure));
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }
}
