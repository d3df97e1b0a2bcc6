package io.infergate;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.infergate.audit.AuditLog;
import io.infergate.bus.BusCodecs;
import io.infergate.bus.EndpointDefinition;
import io.infergate.bus.NodeRequests;
import io.infergate.bus.RequestSigner;
import io.infergate.cluster.AttestationAnswers;
import io.infergate.cluster.AttestationKeys;
import io.infergate.cluster.ClusterEventBus;
import io.infergate.cluster.MemberAttestation;
import io.infergate.cluster.ClusterLayout;
import io.infergate.cluster.ClusterUuid;
import io.infergate.config.NodeConfig;
import io.infergate.cluster.GatewayMembers;
import io.infergate.cluster.HazelcastConfigFactory;
import io.infergate.accounts.AccountKinds;
import io.infergate.accounts.AccountServices;
import io.infergate.accounts.SecurityLookupRelay;
import io.infergate.endpoints.EndpointKind;
import io.infergate.endpoints.EndpointLookupRelay;
import io.infergate.endpoints.EndpointServices;
import io.infergate.events.BridgeSettings;
import io.infergate.events.EventBridge;
import io.infergate.events.EventIntegrity;
import io.infergate.events.EventRetention;
import io.infergate.events.SubscriberLag;
import io.infergate.http.HttpMetrics;
import io.infergate.http.HttpSettings;
import io.infergate.http.ScrapeAddresses;
import io.infergate.http.NodeIdentity;
import io.infergate.http.RouterVerticle;
import io.infergate.inference.EndpointIds;
import io.infergate.inference.EndpointRequestParser;
import io.infergate.inference.ServiceCatalog;
import io.infergate.inference.cache.CacheListener;
import io.infergate.inference.cache.CacheSettings;
import io.infergate.inference.cache.ResultCache;
import io.infergate.inference.perform.InferenceServices;
import io.infergate.inference.traffic.DemandSeal;
import io.infergate.inference.traffic.TrafficControl;
import io.infergate.inference.traffic.TrafficSettings;
import io.infergate.inference.traffic.UsageGathering;
import io.infergate.keystore.KeystoreFile;
import io.infergate.metrics.NodeMetrics;
import io.infergate.metrics.NodeStats;
import io.infergate.metrics.NodeStatsGathering;
import io.infergate.keystore.NodeKeystore;
import io.infergate.keystore.NodeSecrets;
import io.infergate.keystore.SecureSettingsReload;
import io.infergate.registry.DocumentKind;
import io.infergate.registry.EventTables;
import io.infergate.registry.Registries;
import io.infergate.registry.EntrySigner;
import io.infergate.registry.RegistryLayout;
import io.infergate.registry.RegistryMeters;
import io.infergate.registry.RegistrySettings;
import io.infergate.registry.RegistryVerticle;
import io.infergate.secrets.BusRequestKey;
import io.infergate.secrets.ClusterKeyring;
import io.infergate.secrets.SecretCipher;
import io.infergate.secrets.SecretKeys;
import io.infergate.secrets.SecretSettingsCodec;
import io.infergate.security.SecurityConfig;
import io.infergate.store.DurableStore;
import io.infergate.store.StoreMeters;
import io.infergate.store.StoreSettings;
import io.infergate.tls.TlsFiles;
import io.infergate.security.SecurityService;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/** One running gateway node: clustered Vert.x, the security service, the registry and router verticles. */
public final class InfergateNode {

  private static final Logger LOG = Logger.getLogger(InfergateNode.class.getName());

  private final Vertx vertx;
  private final SecurityService security;
  private final RouterVerticle router;
  private final NodeIdentity identity;
  private final DurableStore storage;
  private final RegistryVerticle registry;
  private final AuditLog audit;
  private final EventBridge eventBridge;
  private final InferenceServices services;
  private final NodeSecrets secrets;
  private final EventIntegrity events;
  private final Readiness readiness;
  private final AtomicReference<Future<Void>> closing = new AtomicReference<>();
  /** How long a graceful stop gives bridge clients to take their last frame. */
  private static final Duration BRIDGE_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

  /** The table that keeps the cluster's id ({@link ClusterUuid}). */
  private static final String CLUSTER_TABLE = "infergate_cluster";

  /** Threads of the registry's pool for blocking cluster work (snapshots, purges, health, log bounds). */
  private static final int REGISTRY_WORKERS = 4;

  private InfergateNode(Vertx vertx, SecurityService security, RouterVerticle router, RegistryVerticle registry,
      NodeIdentity identity, DurableStore storage, AuditLog audit, EventBridge eventBridge,
      InferenceServices services, NodeSecrets secrets, EventIntegrity events, Readiness readiness) {
    this.readiness = readiness;
    this.secrets = secrets;
    this.events = events;
    this.registry = registry;
    this.services = services;
    this.audit = audit;
    this.eventBridge = eventBridge;
    this.vertx = vertx;
    this.security = security;
    this.router = router;
    this.identity = identity;
    this.storage = storage;
  }

  public static Future<InfergateNode> start(NodeConfig config) {
    return start(config, List.of());
  }

  /**
   * A node that also hosts {@code moreKinds} of replicated documents, after the inference endpoints.
   * Its keystore is read first: the secure settings in it complete the configuration.
   */
  public static Future<InfergateNode> start(NodeConfig plain, List<DocumentKind<?>> moreKinds) {
    NodeSecrets secrets;
    try {
      ListeningPorts.requireFree(plain);
      secrets = openKeystore(plain);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return start(plain.withSecurePasswords(secrets.securePasswords()), secrets, moreKinds);
  }

  private static Future<InfergateNode> start(NodeConfig config, NodeSecrets secrets, List<DocumentKind<?>> moreKinds) {
    List<DocumentKind<?>> kinds = new ArrayList<>();
    EndpointKind endpointKind;
    AccountKinds accountKinds;
    SecretCipher cipher;
    DurableStore storage;
    Config hazelcastConfig;
    EventBusOptions eventBus;
    EventTables eventTables;
    CacheSettings cacheSettings;
    EventIntegrity events;
    ClusterKeyring keyring;
    ScrapeAddresses scrapeAddresses;
    int eventLoops;
    // A registry per node: several nodes may run in one JVM (the tests), each scraped on its own port.
    NodeMetrics metrics = NodeMetrics.create();
    try {
      scrapeAddresses = ScrapeAddresses.of(config.metricsScrapeAddresses());
      eventLoops = config.eventLoops();
      cacheSettings = CacheSettings.fromJson(config.inference().getJsonObject("cache", new JsonObject()));
      TlsFiles.requireReadable("http.ssl", config.httpTls());
      TlsFiles.requireReadable("events.bridge_ssl", config.eventsBridgeTls());
      TlsFiles.requireReadable("cluster.ssl", config.clusterTls());
      SecretKeys keys = SecretKeys.fromClusterSecrets(secrets.clusterSecret(), secrets.decryptOnlySecrets());
      cipher = new SecretCipher(keys);
      SecretSettingsCodec sealing = new SecretSettingsCodec(cipher);
      endpointKind = new EndpointKind(sealing);
      accountKinds = AccountKinds.sealedWith(sealing);
      kinds.add(endpointKind);
      kinds.addAll(accountKinds.all());
      kinds.addAll(moreKinds);
      keyring = new ClusterKeyring(secrets.clusterSecret(), secrets.decryptOnlySecrets());
      events = EventIntegrity.forGateway(config.nodeName(), keyring, Clock.systemUTC());
      storage = DurableStore.open(storeSettings(config, secrets), new StoreMeters(metrics.registry()));
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    try {
      eventTables = EventTables.open(kinds, storage,
          new EventRetention(config.eventRetentionCount(), config.eventRetentionAge()), events);
      ClusterLayout layout = RegistryLayout.of(kinds, storage, eventTables, new EntrySigner(keyring));
      ClusterUuid.declare(layout, storage.isDurable() ? storage.table(CLUSTER_TABLE) : null);
      hazelcastConfig = HazelcastConfigFactory.create(config, layout);
      eventBus = ClusterEventBus.options(config);
    } catch (RuntimeException e) {
      storage.close();
      return Future.failedFuture(e);
    }
    HazelcastClusterManager clusterManager = new HazelcastClusterManager(hazelcastConfig);
    VertxOptions options = new VertxOptions().setEventBusOptions(eventBus).setMetricsOptions(metrics.vertxOptions());
    if (eventLoops > 0) {
      options.setEventLoopPoolSize(eventLoops);
    }
    return Vertx.builder().with(options).withMetrics(metrics.vertxFactory()).withClusterManager(clusterManager)
        .buildClustered()
        .recover(ListeningPorts.cluster(config).whenBindFails())
        .compose(vertx -> startOn(vertx, clusterManager.getHazelcastInstance(), config, storage, kinds,
            new SecretsInUse(endpointKind, cipher, keyring), accountKinds,
            eventTables, cacheSettings, secrets, events, metrics, scrapeAddresses)
            .onFailure(failure -> vertx.close()))
        .onFailure(failure -> storage.close());
  }

  /** Blocking file work, on the starting thread: no event loop serves yet. */
  private static NodeSecrets openKeystore(NodeConfig config) {
    char[] password = config.keystorePassword();
    try {
      return NodeKeystore.open(new KeystoreFile(config.keystorePath()), password, config.storePasswordSeed(),
          config.configuredStorePassword());
    } finally {
      java.util.Arrays.fill(password, '\0');
    }
  }

  private static StoreSettings storeSettings(NodeConfig config, NodeSecrets secrets) {
    JsonObject store = config.store();
    return new StoreSettings(config.storeType(), store.getString("sqlite_path", "data/infergate.db"),
        store.getString("jdbc_url", ""), store.getString("username", ""), secrets.storePassword().orElse(""),
        store.getInteger("pool_size", 4), StoreSettings.Durability.of(config.storeDurability()),
        config.storeSyncInterval());
  }

  private static Future<InfergateNode> startOn(Vertx vertx, HazelcastInstance hazelcast, NodeConfig config,
      DurableStore storage, List<DocumentKind<?>> kinds, SecretsInUse sealing, AccountKinds accountKinds,
      EventTables eventTables,
      CacheSettings cacheSettings, NodeSecrets secrets, EventIntegrity events, NodeMetrics metrics,
      ScrapeAddresses scrapeAddresses) {
    EndpointKind endpointKind = sealing.kind();
    AtomicReference<NodeServices> nodeServices = new AtomicReference<>();
    BusCodecs.register(vertx);
    SecurityConfig securityConfig = new SecurityConfig(config.securityConfDir(), config.authCacheTtl(),
        config.authCacheMaxUsers(), config.securityReloadInterval(), config.passwordHashingThreads(),
        config.passwordHashingQueueSize(), config.loginThrottle());
    Clock clock = Clock.systemUTC();
    List<EndpointDefinition> preconfigured = preconfigured(config);
    EndpointLookupRelay endpoints = new EndpointLookupRelay();
    SecurityLookupRelay securityDocuments = new SecurityLookupRelay();
    Future<AuditLog> audit = AuditLog.open(vertx, config.auditPath(), config.auditRotation());
    // Challenges are answered, and the other members challenged, before anything else: a member
    // that has not answered blocks writes on every gateway.
    AttestationKeys attestationKeys = new AttestationKeys(sealing.keyring());
    UUID self = hazelcast.getCluster().getLocalMember().getUuid();
    Gauge.builder("infergate.cluster.members", hazelcast, instance -> instance.getCluster().getMembers().size())
        .description("Hazelcast members this node sees, gateways, subscribers and lite members included")
        .register(metrics.registry());
    AtomicReference<MemberAttestation> attested = new AtomicReference<>();
    return audit.onSuccess(opened -> events.auditTo(opened::record))
        .compose(opened -> AttestationAnswers.answer(vertx, attestationKeys, self))
        .compose(answering -> {
          attested.set(new MemberAttestation(hazelcast, attestationKeys, config.attestationTimeoutMs(),
              config.attestationIntervalMs(), config.nodeName(), clock, audit.result()::record));
          return vertx.deployVerticle(attested.get());
        })
        .compose(deployed -> vertx.executeBlocking(() -> ClusterUuid.getOrCreate(hazelcast)))
        .compose(uuid -> SecurityService.start(vertx, securityConfig, securityDocuments).compose(security -> {
          RequestSigner busSigner = new RequestSigner(BusRequestKey.fromClusterSecret(secrets.clusterSecret()), clock);
          RegistryVerticle registry = new RegistryVerticle(hazelcast, new RegistrySettings(config.nodeName(),
              config.clusterName(), config.minClusterSize(), config.tombstoneRetention(), REGISTRY_WORKERS), clock,
              kinds, eventTables, registries -> {
                EndpointServices services = new EndpointServices(vertx, registries, endpointKind, clock, preconfigured);
                endpoints.attach(services);
                AccountServices accounts = new AccountServices(vertx, registries, accountKinds, clock);
                securityDocuments.attach(accounts.views());
                nodeServices.set(new NodeServices(services, accounts));
                return nodeServices.get();
              }, busSigner, audit.result()::record, attested.get(), new RegistryMeters(metrics.registry()));
          NodeIdentity identity = new NodeIdentity(hazelcast.getCluster().getLocalMember().getUuid().toString(),
              config.nodeName(), config.clusterName(), uuid);
          InferenceServices services = InferenceServiceSet.create(vertx, config);
          MemberAttestation attestation = attested.get();
          // Fan-outs (usage, demand, reloads) address only gateways that proved they hold the cluster secret.
          Supplier<Collection<String>> gateways = () -> attestation.attestedGateways().stream().map(UUID::toString).toList();
          DemandSeal demandSeal = new DemandSeal(sealing.keyring());
          TrafficControl traffic = new TrafficControl(vertx, endpoints, identity.nodeId(), gateways,
              TrafficSettings.fromJson(config.inference().getJsonObject("traffic", new JsonObject())), demandSeal,
              metrics.registry());
          NodeRequests nodeRequests = new NodeRequests(vertx, busSigner, identity.nodeId());
          UsageGathering usage = new UsageGathering(nodeRequests, traffic, identity.nodeId(), identity.nodeName(),
              gateways);
          SecureSettingsReload reload = new SecureSettingsReload(vertx, nodeRequests, identity.nodeId(), identity.nodeName(),
              config.clusterName(), gateways, () -> openKeystore(config),
              reloaded -> {
                sealing.cipher().replaceKeys(
                    SecretKeys.fromClusterSecrets(reloaded.clusterSecret(), reloaded.decryptOnlySecrets()));
                sealing.keyring().replace(reloaded.clusterSecret(), reloaded.decryptOnlySecrets());
              },
              () -> nodeServices.get().resealSecrets());
          ResultCache cache = ResultCache.create(cacheSettings, new CacheListener() {
            @Override
            public void onHit(String inferenceId) {
              traffic.usage(inferenceId).cacheHit();
            }

            @Override
            public void onMiss(String inferenceId) {
              traffic.usage(inferenceId).cacheMiss();
            }
          });
          cache.watch(endpoints);
          SubscriberLag subscriberLag = new SubscriberLag(metrics.registry());
          NodeStatsGathering nodeStats = new NodeStatsGathering(vertx, nodeRequests,
              new NodeStats(metrics.registry(), () -> new JsonObject()
                  .put("events", new JsonObject().put("streams", subscriberLag.toJson()))),
              identity.nodeId(), identity.nodeName(), gateways, clock);
          Readiness readiness = new Readiness();
          readiness.acceptsWrites(() -> registry.isServing() && attestation.unattested().isEmpty());
          RouterVerticle router = new RouterVerticle(identity,
              new HttpSettings(config.httpHost(), config.httpPort(), config.maxContentLength(),
                  config.registryRequestTimeoutMs(), config.httpReadTimeoutMs(), config.httpIdleTimeoutSeconds(),
                  config.httpMaxConnections(), config.httpTls(), config.httpTcpSendBufferSize()),
              security, ServiceCatalog.builtIn(), audit.result(), services, endpoints, securityDocuments, traffic, usage, cache, reload::reloadAll,
              events, readiness, new HttpMetrics(metrics, scrapeAddresses, subscriberLag, nodeStats));
          return vertx.deployVerticle(registry)
              .compose(registryDeployed -> {
                traffic.start();
                usage.start();
                nodeStats.start();
                reload.start();
                return vertx.deployVerticle(router).recover(ListeningPorts.http(config).whenBindFails());
              })
              .compose(routerDeployed -> config.eventsBridgePort() < 0
                  ? Future.<EventBridge>succeededFuture(null)
                  : EventBridge.start(vertx, security, bridgeSettings(config), events, subscriberLag)
                      .recover(ListeningPorts.eventBridge(config).whenBindFails()))
              // Returns once this node has judged every member and every gateway has attested it:
              // no write of it or to it is refused afterwards for want of attestation.
              .compose(eventBridge -> attestation.firstRound()
                  .compose(challenged -> AttestationAnswers.askGateways(vertx, new GatewayMembers(hazelcast),
                      config.attestationTimeoutMs()))
                  .compose(confirmed -> registry.reloadViews())
                  .map(eventBridge))
              .map(eventBridge -> {
                registry.httpAddress(config.httpHost() + ":" + router.actualPort());
                readiness.started();
                return new InfergateNode(vertx, security, router, registry, identity, storage, audit.result(),
                    eventBridge, services, secrets, events, readiness);
              });
        }));
  }

  private static BridgeSettings bridgeSettings(NodeConfig config) {
    return new BridgeSettings(config.eventsBridgeHost(), config.eventsBridgePort(), config.eventsBridgeMaxFrameBytes(),
        config.eventsBridgeAuthTimeout(), config.eventsBridgeIdleTimeout(), config.eventsBridgeMaxConnections(),
        config.eventsBridgeTls());
  }

  /** The preconfigured endpoints, validated as a PUT would be; their ids must be reserved (leading dot). */
  private static List<EndpointDefinition> preconfigured(NodeConfig config) {
    EndpointRequestParser parser = new EndpointRequestParser(ServiceCatalog.builtIn());
    return config.preconfiguredEndpoints().stream().map(body -> {
      String id = body.getString("inference_id", "");
      if (!EndpointIds.isReserved(id)) {
        throw new IllegalArgumentException("preconfigured endpoint ids must start with a dot, as in .my-endpoint: [" + id + "]");
      }
      JsonObject settings = body.copy();
      settings.remove("inference_id");
      return parser.parse(null, id, settings);
    }).toList();
  }

  public int httpPort() {
    return router.actualPort();
  }

  public Vertx vertx() {
    return vertx;
  }

  public NodeIdentity identity() {
    return identity;
  }

  public SecurityService security() {
    return security;
  }

  /** The replicated document registries this node hosts. */
  public Registries registries() {
    return registry;
  }

  /** The secure settings from the node's keystore: the cluster secret, the store's password. */
  public NodeSecrets secrets() {
    return secrets;
  }

  /** Signs the events this node publishes and checks those it receives. */
  public EventIntegrity eventIntegrity() {
    return events;
  }

  public int eventBridgePort() {
    return eventBridge == null ? -1 : eventBridge.actualPort();
  }

  /**
   * Stops at once: connections are closed as they are, then the node leaves the cluster and closes
   * its store. Tests use it; a SIGTERM goes through {@link #shutdown}.
   */
  public Future<Void> close() {
    return closeOnce(false);
  }

  /**
   * A graceful stop, each step logged at INFO: the readiness probe turns 503 at once; after
   * {@code drainDelay} (the time a load balancer takes to notice) no connection is accepted, the
   * event streams end, and requests in flight finish, for at most {@code timeout} (what is still open
   * then is closed); then the event bridge closes, the node leaves the cluster (Hazelcast migrates
   * its partitions first), and the audit trail and the store are closed.
   */
  public Future<Void> shutdown(Duration drainDelay, Duration timeout) {
    readiness.shuttingDown();
    String name = identity.nodeName();
    LOG.info(() -> "node [" + name + "] shutting down: the readiness probe answers 503 from now on");
    Future<Void> drained = Future.succeededFuture();
    if (!drainDelay.isZero()) {
      LOG.info(() -> "node [" + name + "] keeps serving for shutdown.drain_delay [" + drainDelay.toMillis()
          + " ms] while load balancers notice");
      drained = vertx.timer(drainDelay.toMillis()).mapEmpty();
    }
    // Completed from no context of this node's: they are all closed by then, and a callback bound to
    // one would never run.
    CompletableFuture<Void> stopped = new CompletableFuture<>();
    drained.compose(waited -> router.shutdown(timeout)).onComplete(http -> {
      if (http.failed()) {
        LOG.log(Level.WARNING, "node [" + name + "] could not stop its HTTP server gracefully", http.cause());
      } else if (http.result() > 0) {
        LOG.warning(() -> "node [" + name + "] closed " + http.result() + " HTTP connections still busy at the "
            + "shutdown.timeout of " + timeout.toMillis() + " ms");
      } else {
        LOG.info(() -> "node [" + name + "] finished its in-flight HTTP requests");
      }
      closeOnce(true).onComplete(closed -> stopped.complete(null));
    });
    return Future.fromCompletionStage(stopped);
  }

  private Future<Void> closeOnce(boolean graceful) {
    CompletableFuture<Void> closed = new CompletableFuture<>();
    Future<Void> mine = Future.fromCompletionStage(closed);
    if (!closing.compareAndSet(null, mine)) {
      return closing.get();
    }
    readiness.shuttingDown();
    String name = identity.nodeName();
    security.close();
    Future<Void> bridgeClosed = eventBridge == null ? Future.succeededFuture()
        : (graceful ? eventBridge.shutdown(BRIDGE_SHUTDOWN_TIMEOUT) : eventBridge.close())
        .onSuccess(done -> step(graceful, "node [" + name + "] closed the event bridge and its connections"));
    bridgeClosed.eventually(audit::close).eventually(services::close).onComplete(ignored -> {
      step(graceful, "node [" + name + "] leaving the cluster");
      // Vert.x is closed from a thread of its own: a callback bound to one of this node's contexts
      // could never run once they are closed.
      new Thread(() -> vertx.close().onComplete(done -> {
        if (done.failed()) {
          LOG.log(Level.WARNING, "node [" + name + "] did not close cleanly", done.cause());
        } else {
          step(graceful, "node [" + name + "] left the cluster");
        }
        storage.close();
        step(graceful, "node [" + name + "] closed its store");
        closed.complete(null);
      }), "infergate-close").start();
    });
    return mine;
  }

  private static void step(boolean logged, String message) {
    if (logged) {
      LOG.info(message);
    }
  }
}
