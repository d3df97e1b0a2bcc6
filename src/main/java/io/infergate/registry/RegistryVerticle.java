package io.infergate.registry;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import io.infergate.bus.Addresses;
import io.infergate.bus.EndpointEvent;
import io.infergate.bus.EsError;
import io.infergate.bus.EventsQuery;
import io.infergate.bus.Principal;
import io.infergate.bus.ReferenceCommand;
import io.infergate.bus.RegistryCommand;
import io.infergate.bus.RegistryReplies;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Owns the endpoint registry on this node: keeps the read view current (loaded at start after
 * subscribing to changes, then fed by other registries), refuses to serve while cut off from the
 * cluster, and dispatches the commands of {@link Addresses#REGISTRY}.
 */
public final class RegistryVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(RegistryVerticle.class.getName());

  private final HazelcastInstance hazelcast;
  private final RegistrySettings settings;
  private final Clock clock;
  private final ReadView view = new ReadView();
  private final ClusterGate gate;
  private EndpointStore store;
  private EventLog eventLog;
  private ViewReplicator replicator;
  private EndpointCommands endpoints;
  private ReferenceCommands referenceCommands;
  private ClusterStatus status;
  private EventPublisher publisher;
  private UUID membershipListener;
  private UUID lifecycleListener;
  private PeerLease lease;
  /** A reload started by the lease is under way (on this verticle's context only). */
  private boolean catchingUp;
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
        .compose(subscribed -> vertx.executeBlocking(() -> {
          store = new EndpointStore(hazelcast, clock, task -> context.runOnContext(ignored -> task.run()));
          eventLog = new EventLog(hazelcast);
          return null;
        }))
        .compose(created -> {
          publisher = new EventPublisher(vertx, eventLog, settings.nodeName(), clock);
          endpoints = new EndpointCommands(vertx, store, view, replicator, publisher);
          referenceCommands = new ReferenceCommands(vertx, store, clock);
          status = new ClusterStatus(vertx, settings, gate, replicator, store, this::localStatus,
              () -> hazelcast.getPartitionService().isClusterSafe());
          watchMembership();
          // Below the minimum size the view loads once enough members have joined.
          return gate.needsCatchUp() ? catchUp() : Future.succeededFuture();
        })
        .compose(loaded -> vertx.eventBus().consumer(Addresses.REGISTRY, this::handle).completion())
        .onSuccess(ready -> {
          lease = new PeerLease(vertx, replicator);
          lease.start(count -> {
            if (gate.reachableChanged(count)) {
              LOG.warning(() -> "node [" + settings.nodeName() + "] has lost touch with the cluster: "
                  + gate.blocked().reason());
            } else if (gate.needsCatchUp() && !catchingUp) {
              catchingUp = true;
              catchUp().onComplete(done -> catchingUp = false);
            }
          });
          releaseReferencesOfDepartedNodes();
          createPreconfigured();
          long everyMs = Math.max(1_000, settings.tombstoneRetention().toMillis() / 2);
          vertx.setPeriodic(everyMs, timer -> purgeTombstones());
        });
  }

  @Override
  public Future<?> stop() {
    if (lease != null) {
      lease.stop();
    }
    if (membershipListener != null) {
      hazelcast.getCluster().removeMembershipListener(membershipListener);
    }
    if (lifecycleListener != null) {
      hazelcast.getLifecycleService().removeLifecycleListener(lifecycleListener);
    }
    return Future.succeededFuture();
  }

  private void watchMembership() {
    Context context = vertx.getOrCreateContext();
    membershipListener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        Member member = event.getMember();
        if (!member.isLiteMember() && !"true".equals(member.getAttribute(ViewReplicator.GATEWAY_ATTRIBUTE))) {
          LOG.warning(() -> "member " + member + " holds registry data but is not a gateway: its share is not "
              + "written to the durable store. Subscribers must join as lite members (HazelcastConfigFactory.forSubscriber)");
        }
        context.runOnContext(ignored -> membersChanged());
      }

      @Override
      public void memberRemoved(MembershipEvent event) {
        replicator.memberLeft(event.getMember().getUuid());
        context.runOnContext(ignored -> {
          membersChanged();
          releaseReferencesOfDepartedNodes();
          recoverChangesOf(event.getMember());
        });
      }
    });
    gate.membersChanged(replicator.gatewayMembers().size());
    // MERGED comes once this node's data has gone through the merge policy (StoreWinsMergePolicy):
    // the map may differ from what the view was loaded from before.
    lifecycleListener = hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleState.MERGED) {
        LOG.warning(() -> "node [" + settings.nodeName() + "] merged back into the cluster after a split; "
            + "reloading its view");
        context.runOnContext(ignored -> catchUp().onFailure(failure ->
            LOG.log(Level.WARNING, "reloading the view after the merge failed", failure)));
      }
    });
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
    return vertx.executeBlocking(store::snapshot, false).map(snapshot -> {
      snapshot.entries().forEach(view::apply);
      view.dropMissing(snapshot.ids(), snapshot.revision());
      if (replicator.gatewayMembers().size() >= gate.minClusterSize()) {
        gate.caughtUp();
      }
      return null;
    });
  }

  /** The oldest gateway creates the preconfigured endpoints that do not exist yet. */
  private void createPreconfigured() {
    if (settings.preconfigured().isEmpty() || !gate.isOpen() || !replicator.isOldestGateway()) {
      return;
    }
    Principal system = new Principal("_system", List.of(), "cluster");
    for (io.infergate.bus.EndpointDefinition endpoint : settings.preconfigured()) {
      endpoints.put(RegistryCommand.put(endpoint, RegistryCommand.DEFAULT_TIMEOUT_MS, system))
          .onSuccess(created -> LOG.info(() -> "created the preconfigured inference endpoint [" + endpoint.inferenceId() + "]"))
          .onFailure(exists -> LOG.fine(() -> "preconfigured inference endpoint [" + endpoint.inferenceId() + "]: "
              + exists.getMessage()));
    }
  }

  /** References held by a node end when it leaves; the oldest member does the cleaning. */
  private void releaseReferencesOfDepartedNodes() {
    Set<Member> members = hazelcast.getCluster().getMembers();
    if (members.isEmpty() || !members.iterator().next().localMember() || !gate.isOpen()) {
      return;
    }
    Set<String> ids = members.stream().map(member -> member.getUuid().toString()).collect(Collectors.toSet());
    vertx.executeBlocking(() -> store.releaseReferencesOfNodesOtherThan(ids), false)
        .onSuccess(released -> {
          if (released > 0) {
            LOG.info(() -> released + " references held by departed nodes ended");
          }
        })
        .onFailure(failure -> LOG.log(Level.WARNING, "ending references of departed nodes failed", failure));
  }

  /**
   * A gateway member left: if it died between writing a change to the map and getting it into
   * every view, the views here would keep the old state and no event would tell subscribers. So
   * the view is reloaded, and the oldest gateway publishes an event for each change the departed
   * member wrote that this view did not have.
   */
  private void recoverChangesOf(Member departed) {
    if (!"true".equals(departed.getAttribute(ViewReplicator.GATEWAY_ATTRIBUTE)) || !gate.isOpen()) {
      return;
    }
    String departedId = departed.getUuid().toString();
    vertx.executeBlocking(store::snapshot, false).onSuccess(snapshot -> {
      boolean oldest = replicator.isOldestGateway();
      for (StoredEndpoint entry : snapshot.entries()) {
        Optional<StoredEndpoint> before = view.entry(entry.id());
        if (view.apply(entry) && oldest && departedId.equals(entry.writer())) {
          publishRecovered(entry, before.filter(previous -> !previous.isTombstone()).orElse(null));
        }
      }
      view.dropMissing(snapshot.ids(), snapshot.revision());
    }).onFailure(failure -> LOG.log(Level.WARNING, "reloading the view after a member left failed", failure));
  }

  private void publishRecovered(StoredEndpoint entry, StoredEndpoint previousLive) {
    Principal recovery = new Principal("_recovery", List.of(), "cluster");
    if (entry.isTombstone()) {
      if (previousLive != null) {
        publisher.publish(EndpointEvent.Type.DELETED, previousLive.definition(), entry.revision(),
            recovery);
      }
    } else {
      publisher.publish(previousLive == null ? EndpointEvent.Type.CREATED
          : EndpointEvent.Type.UPDATED, entry.definition(), entry.revision(), recovery);
    }
    LOG.warning(() -> "recovered the change of [" + entry.id() + "] at revision " + entry.revision()
        + " written by a member that left before every node had it");
  }

  private void handleViewMessage(Message<JsonObject> message) {
    String op = message.body().getString("op");
    if ("apply".equals(op)) {
      view.apply(StoredEndpoint.decode(message.body().getString("stored")));
      message.reply(new JsonObject().put("applied", true));
    } else if ("status".equals(op)) {
      message.reply(localStatus());
    } else if ("ping".equals(op)) {
      message.reply(new JsonObject().put("pong", true));
    } else {
      message.fail(400, "unknown view operation [" + op + "]");
    }
  }

  private void handle(Message<JsonObject> message) {
    Future<JsonObject> reply;
    try {
      reply = dispatch(message.body());
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    reply.onSuccess(message::reply).onFailure(failure -> {
      EsError error = RegistryReplies.toError(failure);
      if (error.status() >= 500 && error.status() != 503) {
        LOG.log(Level.WARNING, "registry command [" + message.body().getString("op") + "] failed", failure);
      }
      RegistryReplies.fail(message, error);
    });
  }

  private Future<JsonObject> dispatch(JsonObject body) {
    String op = body.getString("op");
    if (RegistryCommand.Op.HEALTH.wireName().equals(op)) {
      return status.health();
    }
    if (RegistryCommand.Op.NODES.wireName().equals(op)) {
      return status.nodes();
    }
    if (!gate.isOpen()) {
      return Future.failedFuture(gate.blocked().toException());
    }
    if (EventsQuery.OP.equals(op)) {
      EventsQuery query = EventsQuery.fromJson(body);
      return vertx.executeBlocking(() -> eventLog.read(query.fromSequence(), query.max()), false);
    }
    if (ReferenceCommand.handles(op)) {
      return referenceCommands.handle(ReferenceCommand.fromJson(body));
    }
    RegistryCommand command = decode(body);
    return switch (command.op()) {
      case PUT -> endpoints.put(command);
      case UPDATE -> endpoints.update(command);
      case GET -> endpoints.get(command);
      case DELETE -> endpoints.delete(command);
      default -> Future.failedFuture(EsError.illegalArgument("unsupported op [" + op + "]").toException());
    };
  }

  private static RegistryCommand decode(JsonObject body) {
    try {
      return RegistryCommand.fromJson(body);
    } catch (RuntimeException e) {
      throw EsError.illegalArgument("malformed registry command: " + e.getMessage()).toException();
    }
  }

  private JsonObject localStatus() {
    return new JsonObject()
        .put("id", replicator.self().toString())
        .put("name", settings.nodeName())
        .put("http_address", httpAddress)
        .put("view_revision", view.highestRevision())
        .put("view_endpoints", view.size())
        .put("serving", gate.isOpen());
  }

  private void purgeTombstones() {
    if (!gate.isOpen()) {
      return; // a cut-off node leaves the store to the majority
    }
    long cutoff = clock.millis() - settings.tombstoneRetention().toMillis();
    view.forgetTombstones(cutoff);
    vertx.executeBlocking(() -> store.purgeTombstones(cutoff), false)
        .onFailure(failure -> LOG.log(Level.FINE, "purging tombstones failed; will retry", failure));
  }
}
