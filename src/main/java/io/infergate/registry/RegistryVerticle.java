package io.infergate.registry;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import io.infergate.bus.Addresses;
import io.infergate.bus.BusCodecs;
import io.infergate.bus.BusFailures;
import io.infergate.bus.ClusterRequest;
import io.infergate.bus.EndpointRequest;
import io.infergate.bus.EsError;
import io.infergate.bus.NodeStatus;
import io.infergate.bus.Principal;
import io.infergate.bus.ReadEvents;
import io.infergate.bus.ReferenceRequest;
import io.infergate.bus.SecurityRequest;
import io.infergate.bus.RegistryFailure;
import io.infergate.bus.RegistryRequest;
import io.infergate.bus.RegistryWire;
import io.infergate.bus.RequestSigner;
import io.infergate.bus.ViewMessage;
import io.infergate.cluster.ClusterGate;
import io.infergate.cluster.ClusterStatus;
import io.infergate.cluster.GatewayMembers;
import io.infergate.cluster.MemberAttestation;
import io.infergate.cluster.PeerLease;
import io.infergate.events.EventLog;
import io.infergate.events.EventPublisher;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hosts the replicated document registries of this node: keeps every kind's read view current
 * (loaded at start after subscribing to changes, then fed by the other gateways), refuses to serve
 * while cut off from the cluster, recovers the changes of a gateway that died mid-write, purges old
 * tombstones, and dispatches the requests of the bus contract. The first kind is the one the
 * router's endpoint requests and the event log reads are about.
 */
public final class RegistryVerticle extends VerticleBase implements Registries {

  private static final Logger LOG = Logger.getLogger(RegistryVerticle.class.getName());
  /** How often the oldest gateway deletes the events beyond retention from the store (and once at start). */
  private static final long EVENT_PRUNE_INTERVAL_MS = 30_000;

  private final HazelcastInstance hazelcast;
  private final RegistrySettings settings;
  private final Clock clock;
  private final List<DocumentKind<?>> kinds;
  private final EventTables eventTables;
  private final Function<Registries, RegistryServices> servicesFactory;
  private final GatewayMembers members;
  private final ClusterGate gate;
  private final Map<String, DocumentRegistry<?>> registries = new LinkedHashMap<>();
  private final Dispatcher dispatcher = new Dispatcher();
  private final RequestAuthentication authentication;
  private final RequestSigner busRequests;
  private final Consumer<JsonObject> securityEvents;
  private final MemberAttestation attestation;
  private final RegistryMeters meters;
  private WorkerExecutor blocking;
  private ViewReplicator replicator;
  private Revisions revisions;
  private RegistryServices services;
  private ClusterStatus status;
  private UUID membershipListener;
  private UUID lifecycleListener;
  /** Set as the verticle stops: membership and lifecycle events still queued start no more reloads. */
  private volatile boolean stopping;
  private PeerLease lease;
  /** A reload started by the lease is under way (on this verticle's context only). */
  private boolean catchingUp;
  private volatile String httpAddress = "";

  /**
   * @param kinds       the document kinds this node hosts; the first is the inference endpoints
   * @param eventTables the durable tables of their event logs, as {@link RegistryLayout} declared them
   * @param services    makes the kinds' commands once their registries exist
   * @param busRequests checks the requests that come on {@link Addresses#REGISTRY}
   * @param securityEvents where a refused request is recorded (the audit trail)
   * @param attestation which members proved they hold the cluster secret: writes wait for all, and
   *                    only those are replicated to or served from the bus
   * @param meters      where the writes, the views' revision and the event logs' heads are metered
   */
  public RegistryVerticle(HazelcastInstance hazelcast, RegistrySettings settings, Clock clock,
      List<DocumentKind<?>> kinds, EventTables eventTables, Function<Registries, RegistryServices> services,
      RequestSigner busRequests, Consumer<JsonObject> securityEvents, MemberAttestation attestation,
      RegistryMeters meters) {
    this.meters = meters;
    this.hazelcast = hazelcast;
    this.settings = settings;
    this.clock = clock;
    this.kinds = List.copyOf(kinds);
    this.eventTables = eventTables;
    this.servicesFactory = services;
    this.members = new GatewayMembers(hazelcast);
    this.gate = new ClusterGate(settings.minClusterSize());
    this.authentication = new RequestAuthentication(busRequests, clock);
    this.busRequests = busRequests;
    this.securityEvents = securityEvents;
    this.attestation = attestation;
  }

  /** Where this node serves HTTP, for {@code _nodes}; known once the router listens. */
  public void httpAddress(String address) {
    this.httpAddress = address;
  }

  @Override
  public Future<?> start() {
    BusCodecs.register(vertx);
    blocking = vertx.createSharedWorkerExecutor("infergate-registry", settings.workerPoolSize());
    EntrySigner.of(hazelcast).onRefused(this::refusedEntry);
    replicator = new ViewReplicator(vertx, members, attestation::attestedGateways, EntrySigner.of(hazelcast));
    // Getting a map or ringbuffer proxy blocks on the cluster (a map with a store loads it first):
    // on the event loop it stalled every node's start for 2-3 s.
    return blocking.executeBlocking(() -> {
          revisions = new Revisions(hazelcast);
          for (DocumentKind<?> kind : kinds) {
            registries.put(kind.name(), registry(kind));
          }
          return null;
        }, false)
        .compose(built -> {
          services = servicesFactory.apply(this);
          meters.views(this::viewRevision);
          status = new ClusterStatus(settings.clusterName(), gate, members, blocking, this::localStatus,
              replicator::askStatus, this::highestStoredRevision, attestation);
          // Subscribe to changes first, then load: a change that lands in between is in one or the
          // other, and the revision guard makes applying it twice harmless.
          return vertx.eventBus().<ViewMessage>consumer(Addresses.view(members.self()), this::handleViewMessage)
              .completion();
        })
        .compose(subscribed -> {
          watchMembership();
          // Below the minimum size the views load once enough members have joined.
          return gate.needsCatchUp() ? catchUp() : Future.succeededFuture();
        })
        .compose(loaded -> vertx.eventBus().<RegistryRequest>localConsumer(Addresses.REGISTRY_LOCAL,
            message -> handle(message, message.body())).completion())
        .compose(local -> vertx.eventBus().consumer(Addresses.REGISTRY, this::handleFromCluster).completion())
        .onSuccess(ready -> {
          lease = new PeerLease(vertx, members, replicator::ping);
          lease.start(this::reachableChanged);
          services.membersChanged(members.memberIds());
          services.serving();
          long everyMs = Math.max(1_000, settings.tombstoneRetention().toMillis() / 2);
          vertx.setPeriodic(everyMs, timer -> purgeTombstones());
          vertx.setPeriodic(1, RegistryMeters.CLUSTER_REVISION_INTERVAL_MS, timer -> refreshMeters());
          if (!eventTables.isEmpty()) {
            vertx.setPeriodic(1, EVENT_PRUNE_INTERVAL_MS, timer -> pruneEvents());
          }
        });
  }

  private <D> DocumentRegistry<D> registry(DocumentKind<D> kind) {
    EventLog log = new EventLog(vertx, hazelcast, kind.eventLog(), blocking, eventTables.oldestStored(kind),
        eventTables.committedOnDisk(), eventTables.integrity());
    DocumentStore store = new DocumentStore(vertx, hazelcast, kind, revisions, clock, blocking);
    meters.eventLog(kind.name(), log::newestSequence);
    return new DocumentRegistry<>(kind, store, replicator, log,
        new EventPublisher(vertx, log, kind.eventAddress(), kind.subject(), kind.idField(), eventTables.integrity()),
        settings.nodeName(), clock, meters.writes(kind.name()));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    if (lease != null) {
      lease.stop();
    }
    // A member that crashed (or a test that killed it) has no cluster left to unregister from.
    boolean running = members.running();
    if (membershipListener != null && running) {
      hazelcast.getCluster().removeMembershipListener(membershipListener);
    }
    if (lifecycleListener != null && running) {
      hazelcast.getLifecycleService().removeLifecycleListener(lifecycleListener);
    }
    return blocking == null ? Future.succeededFuture() : blocking.close();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <D> DocumentRegistry<D> of(DocumentKind<D> kind) {
    DocumentRegistry<?> registry = registries.get(kind.name());
    if (registry == null || registry.kind().getClass() != kind.getClass()) {
      throw new IllegalArgumentException("this node hosts no document kind [" + kind.name() + "]");
    }
    return (DocumentRegistry<D>) registry;
  }

  @Override
  public boolean isOldestGateway() {
    return members.isOldestGateway();
  }

  @Override
  public boolean isServing() {
    return gate.isOpen();
  }

  @Override
  public Optional<EsError> refusal() {
    return gate.isOpen() ? Optional.empty() : Optional.of(gate.blocked());
  }

  @Override
  public WorkerExecutor blocking() {
    return blocking;
  }

  private void watchMembership() {
    Context context = vertx.getOrCreateContext();
    membershipListener = hazelcast.getCluster().addMembershipListener(new MembershipListener() {
      @Override
      public void memberAdded(MembershipEvent event) {
        Member member = event.getMember();
        if (!member.isLiteMember() && !GatewayMembers.isGateway(member)) {
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
          if (gate.isOpen()) {
            services.membersChanged(members.memberIds());
          }
          recoverChangesOf(event.getMember());
        });
      }
    });
    gate.membersChanged(members.gateways().size());
    // MERGED comes once this node's data has gone through the merge policy (StoreWinsMergePolicy):
    // the maps may differ from what the views were loaded from before.
    lifecycleListener = hazelcast.getLifecycleService().addLifecycleListener(event -> {
      if (event.getState() == LifecycleState.MERGED) {
        LOG.warning(() -> "node [" + settings.nodeName() + "] merged back into the cluster after a split; "
            + "reloading its views");
        context.runOnContext(ignored -> catchUp().onFailure(failure ->
            LOG.log(Level.WARNING, "reloading the views after the merge failed", failure)));
      }
    });
  }

  private void membersChanged() {
    if (gate.membersChanged(members.gateways().size())) {
      LOG.warning(() -> "node [" + settings.nodeName() + "] is cut off: " + gate.blocked().reason());
    }
    if (gate.needsCatchUp()) {
      catchUp().onFailure(failure -> {
        LOG.log(Level.WARNING, "catching up with the cluster failed; retrying", failure);
        vertx.setTimer(1_000, retry -> membersChanged());
      });
    }
  }

  private void reachableChanged(int count) {
    if (gate.reachableChanged(count)) {
      LOG.warning(() -> "node [" + settings.nodeName() + "] has lost touch with the cluster: " + gate.blocked().reason());
    } else if (gate.needsCatchUp() && !catchingUp) {
      catchingUp = true;
      catchUp().onComplete(done -> catchingUp = false);
    }
  }

  /**
   * Reloads every view from its map, on this verticle's context: once the other gateways have
   * attested this node, so that a change they wrote while it was not yet attested (and did not
   * replicate to it) is in its view.
   */
  public Future<Void> reloadViews() {
    Promise<Void> reloaded = Promise.promise();
    context.runOnContext(ignored -> catchUp().onComplete(reloaded));
    return reloaded.future();
  }

  /** Reloads every view from its map (tombstones included); the revision guard keeps newer entries. */
  private Future<Void> catchUp() {
    if (stopping) {
      return Future.succeededFuture(); // the blocking pool is closed or closing; the views go with the node
    }
    Map<String, Long> stamps = stamps();
    return snapshots().map(snapshots -> {
      snapshots.forEach((registry, snapshot) -> {
        snapshot.entries().forEach(registry.view()::apply);
        registry.view().dropMissing(snapshot.ids(), snapshot.revision(), stamps.get(registry.kind().name()));
      });
      gate.membersChanged(members.gateways().size());
      gate.caughtUp();
      return null;
    });
  }

  /** Each view's stamp, taken before its snapshot is read. */
  private Map<String, Long> stamps() {
    Map<String, Long> stamps = new LinkedHashMap<>();
    registries.forEach((name, registry) -> stamps.put(name, registry.view().stamp()));
    return stamps;
  }

  private Future<Map<DocumentRegistry<?>, DocumentStore.Snapshot>> snapshots() {
    return blocking.executeBlocking(() -> {
      Map<DocumentRegistry<?>, DocumentStore.Snapshot> snapshots = new LinkedHashMap<>();
      registries.values().forEach(registry -> snapshots.put(registry, registry.store().snapshot()));
      return snapshots;
    }, false);
  }

  /**
   * A gateway member left: if it died between writing a change to the map and getting it into
   * every view, the views here would keep the old state and no event would tell subscribers. So
   * the views are reloaded, and the oldest gateway publishes an event for each change the departed
   * member wrote that this view did not have.
   */
  private void recoverChangesOf(Member departed) {
    // A member that left as this node stops (a membership event queued before the listener went):
    // the blocking pool is closed or closing, and the views go with the node.
    if (stopping || !GatewayMembers.isGateway(departed) || !gate.isOpen()) {
      return;
    }
    String departedId = departed.getUuid().toString();
    Map<String, Long> stamps = stamps();
    snapshots().onSuccess(snapshots -> snapshots.forEach((registry, snapshot) -> {
      boolean oldest = members.isOldestGateway();
      for (StoredDocument entry : snapshot.entries()) {
        Optional<StoredDocument> before = registry.view().stored(entry.id());
        if (registry.view().apply(entry) && oldest && departedId.equals(entry.writer())) {
          publishRecovered(registry, entry, before.filter(previous -> !previous.isTombstone()).orElse(null));
        }
      }
      registry.view().dropMissing(snapshot.ids(), snapshot.revision(), stamps.get(registry.kind().name()));
    })).onFailure(failure -> LOG.log(Level.WARNING, "reloading the views after a member left failed", failure));
  }

  private void publishRecovered(DocumentRegistry<?> registry, StoredDocument entry, StoredDocument previousLive) {
    Principal recovery = new Principal("_recovery", List.of(), "cluster");
    if (entry.isTombstone()) {
      if (previousLive != null) {
        registry.publish(Change.DELETED, previousLive.body(), entry.revision(), recovery);
      }
    } else {
      registry.publish(previousLive == null ? Change.CREATED : Change.UPDATED, entry.body(), entry.revision(), recovery);
    }
    LOG.warning(() -> "recovered the change of " + registry.kind().subject() + " [" + entry.id() + "] at revision "
        + entry.revision() + " written by a member that left before every node had it");
  }

  private void handleViewMessage(Message<ViewMessage> message) {
    if (message.body() instanceof ViewMessage.Apply apply) {
      DocumentRegistry<?> registry = registries.get(apply.kind());
      if (registry == null) {
        message.reply(new RegistryFailure(EsError.illegalArgument("no document kind [" + apply.kind() + "]")));
        return;
      }
      Optional<StoredDocument> change = registry.store().seal().open(apply.id(), apply.stored());
      if (change.isEmpty()) {
        refusedEntry(apply.kind(), apply.id(), "a change sent to this node's view");
        message.reply(new RegistryFailure(new EsError(401, "security_exception",
            "the change of [" + apply.id() + "] carries no valid MAC")));
        return;
      }
      registry.view().apply(change.get());
      message.reply(EntrySigner.of(hazelcast).acknowledgment(members.self().toString(), apply.kind(), apply.id(),
          change.get().revision()));
    } else if (message.body() instanceof ViewMessage.Status) {
      message.reply(localStatus());
    } else {
      message.reply(true);
    }
  }

  /**
   * A request from any member: only those the contract lets cross the cluster are served. One that
   * came in its JSON wire form (from a process without the contract's codecs) is answered in it.
   */
  private void handleFromCluster(Message<Object> message) {
    Optional<String> refusal = authentication.refusal(Addresses.REGISTRY, message.headers(), message.body());
    if (refusal.isPresent()) {
      refuseUnauthenticated(message, refusal.get());
      return;
    }
    // The MAC binds the sender: a key holder could name another member, but a process without the key cannot.
    if (!isAttestedMember(message.headers().get(RequestSigner.SENDER))) {
      refuseUnauthenticated(message, "the sender is not an attested member of the cluster");
      return;
    }
    if (message.body() instanceof JsonObject json) {
      RegistryRequest request;
      try {
        request = RegistryWire.request(json);
      } catch (RegistryFailure refused) {
        RegistryWire.fail(message, refused.error());
        return;
      }
      serve(request).onSuccess(reply -> {
        JsonObject answer = RegistryWire.toJson(reply);
        message.reply(answer, busRequests.signReply(Addresses.REGISTRY, message.headers(), answer));
      }).onFailure(failure -> RegistryWire.fail(message, ((RegistryFailure) failure).error()));
    } else if (message.body() instanceof ReadEvents || message.body() instanceof ReferenceRequest) {
      serve((RegistryRequest) message.body()).onComplete(done -> {
        if (done.succeeded()) {
          message.reply(done.result(), busRequests.signReply(Addresses.REGISTRY, message.headers(), done.result()));
        } else {
          message.reply(done.cause());
        }
      });
    } else {
      message.reply(new RegistryFailure(EsError.illegalArgument("the registry takes ["
          + message.body().getClass().getSimpleName() + "] only from its own node's router")));
    }
  }

  /**
   * A registry entry, or a change sent to this node's view, whose MAC did not verify: written by a
   * process without the cluster secret. It is never applied; the store's entry is reloaded.
   */
  private void refusedEntry(String kind, String id, String where) {
    LOG.warning(() -> "security: refused " + where + " of [" + id + "] in [" + kind + "]: only what a gateway of "
        + "this cluster signed is used; the durable store's version stands");
    securityEvents.accept(new JsonObject().put("@timestamp", clock.instant().toString())
        .put("node", settings.nodeName()).put("event", "registry_entry_refused").put("kind", kind)
        .put("id", id).put("found_by", where).put("result", "refused").put("error_type", "security_exception"));
  }

  private boolean isAttestedMember(String sender) {
    return sender != null && attestation.isAttestedMember(sender);
  }

  /** Nothing of the body is logged, audited or answered: it came from someone without the key. */
  private void refuseUnauthenticated(Message<Object> message, String why) {
    String sender = RequestAuthentication.claimedSender(message.headers());
    LOG.warning(() -> "security: refused a request on the cluster bus address [" + Addresses.REGISTRY
        + "] from member [" + sender + "]: " + why);
    securityEvents.accept(new JsonObject().put("@timestamp", clock.instant().toString())
        .put("node", settings.nodeName()).put("event", "bus_request_refused").put("address", Addresses.REGISTRY)
        .put("sender", sender).put("reason", why).put("status", 401).put("result", "refused")
        .put("error_type", "security_exception"));
    EsError error = new EsError(401, "security_exception",
        "unauthenticated request on the cluster bus from [" + sender + "]");
    if (message.body() instanceof JsonObject) {
      RegistryWire.fail(message, error);
    } else {
      message.reply(new RegistryFailure(error));
    }
  }

  private void handle(Message<?> message, RegistryRequest request) {
    serve(request).onComplete(done -> message.reply(done.succeeded() ? done.result() : done.cause()));
  }

  /** The reply to a request, or a {@link RegistryFailure}: our own failures as they are, any other as an internal error. */
  private Future<Object> serve(RegistryRequest request) {
    Future<?> reply;
    try {
      reply = dispatch(request);
    } catch (RuntimeException e) {
      reply = Future.failedFuture(e);
    }
    return reply.<Object>map(result -> result).recover(failure -> {
      if (!BusFailures.isExpected(failure)) {
        LOG.log(Level.WARNING, "registry request [" + request.getClass().getSimpleName() + "] failed", failure);
      }
      return Future.failedFuture(new RegistryFailure(BusFailures.toError(failure)));
    });
  }

  private Future<?> dispatch(RegistryRequest request) {
    return request.accept(dispatcher);
  }

  /** Every request of the contract: cluster state always, the rest only while this node serves. */
  private final class Dispatcher implements RegistryRequest.Handler<Future<?>> {

    @Override
    public Future<?> endpoint(EndpointRequest request) {
      if (!whileServing()) {
        return refused();
      }
      Optional<EsError> unattested = isWrite(request) ? attestation.unattested().writeRefusal() : Optional.empty();
      return unattested.isPresent() ? Future.failedFuture(unattested.get().toException())
          : request.accept(services.endpoints());
    }

    @Override
    public Future<?> reference(ReferenceRequest request) {
      if (!whileServing()) {
        return refused();
      }
      Optional<EsError> unattested = request instanceof ReferenceRequest.Lookup ? Optional.empty()
          : attestation.unattested().writeRefusal();
      return unattested.isPresent() ? Future.failedFuture(unattested.get().toException())
          : request.accept(services.references());
    }

    /** Every security request is a write: refused while a member is unattested. */
    @Override
    public Future<?> security(SecurityRequest request) {
      if (!whileServing()) {
        return refused();
      }
      Optional<EsError> unattested = attestation.unattested().writeRefusal();
      return unattested.isPresent() ? Future.failedFuture(unattested.get().toException())
          : request.accept(services.security());
    }

    /** Reads and a delete's dry run go on while a member is unattested; nothing else does. */
    private boolean isWrite(EndpointRequest request) {
      return !(request instanceof EndpointRequest.Get)
          && !(request instanceof EndpointRequest.Delete delete && delete.dryRun());
    }

    @Override
    public Future<?> readEvents(ReadEvents request) {
      return whileServing() ? primary().readEvents(request) : refused();
    }

    @Override
    public Future<?> health(ClusterRequest.Health request) {
      return status.health();
    }

    @Override
    public Future<?> nodes(ClusterRequest.Nodes request) {
      return status.nodes();
    }

    private boolean whileServing() {
      return gate.isOpen();
    }

    private Future<?> refused() {
      return Future.failedFuture(gate.blocked().toException());
    }
  }

  private DocumentRegistry<?> primary() {
    return registries.values().iterator().next();
  }

  /** The newest revision this node's views hold, any kind. */
  private long viewRevision() {
    return registries.values().stream().mapToLong(registry -> registry.view().highestRevision()).max().orElse(0);
  }

  private NodeStatus localStatus() {
    long revision = viewRevision();
    return new NodeStatus(members.self().toString(), settings.nodeName(), httpAddress, revision,
        primary().view().size(), gate.isOpen(), false, null);
  }

  /** The figures the meters read from the cluster, on the registry's pool; none while cut off. */
  private void refreshMeters() {
    if (!gate.isOpen()) {
      return;
    }
    blocking.executeBlocking(() -> {
      meters.refresh(() -> registries.values().stream()
          .mapToLong(registry -> registry.store().highestRevision()).max().orElse(0));
      return null;
    }, false);
  }

  private Future<Long> highestStoredRevision() {
    return blocking.executeBlocking(() -> registries.values().stream()
        .mapToLong(registry -> registry.store().highestRevision()).max().orElse(0), false);
  }

  private void purgeTombstones() {
    if (!gate.isOpen()) {
      return; // a cut-off node leaves the store to the majority
    }
    long cutoff = clock.millis() - settings.tombstoneRetention().toMillis();
    List<DocumentStore> stores = new ArrayList<>();
    registries.values().forEach(registry -> {
      registry.view().forgetTombstones(cutoff);
      stores.add(registry.store());
    });
    blocking.executeBlocking(() -> stores.stream().mapToInt(store -> store.purgeTombstones(cutoff)).sum(), false)
        .onFailure(failure -> LOG.log(Level.FINE, "purging tombstones failed; will retry", failure));
  }

  /** One gateway is enough to prune the shared tables: the oldest, while it is not cut off. */
  private void pruneEvents() {
    if (!gate.isOpen() || !members.isOldestGateway()) {
      return;
    }
    blocking.executeBlocking(eventTables::prune, false)
        .onSuccess(pruned -> LOG.fine(() -> "pruned " + pruned + " events beyond retention from the store"))
        .onFailure(failure -> LOG.log(Level.WARNING, "pruning the event logs' tables failed; will retry", failure));
  }
}
