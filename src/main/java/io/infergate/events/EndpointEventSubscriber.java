package io.infergate.events;

import io.infergate.bus.Addresses;
import io.infergate.bus.BusCodecs;
import io.infergate.bus.BusFailures;
import io.infergate.bus.EndpointEvent;
import io.infergate.bus.EsError;
import io.infergate.bus.EventsPage;
import io.infergate.bus.Principal;
import io.infergate.bus.ReadEvents;
import io.infergate.bus.ReferenceRequest;
import io.infergate.bus.RequestSigner;
import io.infergate.cluster.AttestationAnswers;
import io.infergate.secrets.BusRequestKey;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Handler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The typed Java API for services that react to endpoint changes, from a Vert.x instance clustered
 * with the gateway nodes. Events arrive decoded, in sequence order, each exactly once; a
 * subscription started from a saved sequence first receives every event it missed.
 *
 * Its requests to the registry (event log reads, references) are signed with a key derived from
 * the cluster secret, which it therefore needs: the {@code cluster.secret} of the cluster's keystore.
 * Events published on the bus are delivered only with a gateway's valid tag ({@link EventIntegrity}):
 * one published by any other member is dropped with a WARNING {@code security:} line.
 * With it, the process also answers the gateways' attestation challenges ({@code cluster/AttestationAnswers}):
 * a member that does not blocks every write of the cluster.
 *
 * <pre>
 * EndpointEventSubscriber.create(vertx, "search-service", clusterSecret).onSuccess(subscriber -&gt; {
 *   subscriber.deletions(event -&gt; evict(event.inferenceId()));
 *   subscriber.subscribe(EventFilter.deletions().withTaskType("sparse_embedding"), saved, handler, errors);
 *   subscriber.holdReference("my-elser");   // DELETE without force now gets 409 while this node lives
 * });
 * </pre>
 */
public final class EndpointEventSubscriber {

  private static final Logger LOG = Logger.getLogger(EndpointEventSubscriber.class.getName());
  private static final int ASK_ATTEMPTS = 5;
  /** How long {@link #create} waits for the gateways to confirm this process attested. */
  public static final long ATTESTATION_TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final String name;
  private final String nodeId;
  private final RequestSigner signer;
  private final EventIntegrity integrity;
  private final java.util.Set<Subscription> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private EndpointEventSubscriber(Vertx vertx, String name, String nodeId, RequestSigner signer,
      EventIntegrity integrity) {
    this.vertx = vertx;
    this.integrity = integrity;
    this.name = name;
    this.nodeId = nodeId;
    this.signer = signer;
  }

  /**
   * Completes once every gateway has attested this process (it answers their challenges with a key
   * derived from {@code clusterSecret}; until then they refuse writes), or after
   * {@link #ATTESTATION_TIMEOUT_MS} with those that did not confirm still challenging it.
   *
   * @param vertx         a clustered Vert.x instance joined to the gateway cluster
   * @param name          who this subscriber is: it names the references it holds
   * @param clusterSecret the cluster's {@code cluster.secret} (from its keystore); not kept, only keys derived from it
   */
  public static Future<EndpointEventSubscriber> create(Vertx vertx, String name, byte[] clusterSecret) {
    BusCodecs.register(vertx);
    String nodeId = vertx instanceof io.vertx.core.internal.VertxInternal internal && internal.clusterManager() != null
        ? internal.clusterManager().getNodeId() : null;
    RequestSigner signer = new RequestSigner(BusRequestKey.fromClusterSecret(clusterSecret), Clock.systemUTC());
    return AttestationAnswers.join(vertx, clusterSecret, ATTESTATION_TIMEOUT_MS)
        .map(attested -> new EndpointEventSubscriber(vertx, name, nodeId, signer,
            EventIntegrity.forSubscriber("subscriber " + name, clusterSecret)));
  }

  /**
   * Meters this subscriber's open subscriptions on {@code registry} (its own process's):
   * {@code infergate_events_subscribers} and {@code infergate_events_subscriber_lag_max}, labelled
   * {@code transport="java"} and {@code subscriber} (this subscriber's name), as a gateway meters its
   * SSE and bridge subscribers.
   */
  public EndpointEventSubscriber meterOn(MeterRegistry registry) {
    Gauge.builder("infergate.events.subscribers", open, java.util.Set::size).tag("transport", "java")
        .tag("subscriber", name).description("Open subscriptions of this subscriber").register(registry);
    Gauge.builder("infergate.events.subscriber.lag.max", open,
            subscriptions -> subscriptions.stream().mapToLong(Subscription::lag).max().orElse(0))
        .tag("transport", "java").tag("subscriber", name)
        .description("The largest number of events one of its subscriptions has not yet delivered").register(registry);
    return this;
  }

  /** Every deletion from now on. */
  public Subscription deletions(Handler<EndpointEvent> handler) {
    return subscribe(EventFilter.deletions(), -1, handler, this::logError);
  }

  public Subscription deletionsOfTaskType(String taskType, Handler<EndpointEvent> handler) {
    return subscribe(EventFilter.deletions().withTaskType(taskType), -1, handler, this::logError);
  }

  public Subscription deletionsOf(String inferenceId, Handler<EndpointEvent> handler) {
    return subscribe(EventFilter.deletions().withInferenceId(inferenceId), -1, handler, this::logError);
  }

  /**
   * Events matching {@code filter}, from {@code fromSequence} (or from now on with -1). A message
   * that cannot be decoded, or a gap older than the cluster's retention
   * ({@link EventsPastRetentionException}), goes to {@code errors}; the stream goes on.
   */
  public Subscription subscribe(EventFilter filter, long fromSequence, Handler<EndpointEvent> handler,
      Handler<Throwable> errors) {
    OrderedEventStream stream = new OrderedEventStream(vertx, this::readLog, fromSequence,
        event -> deliver(event, filter, handler, errors), errors::handle);
    // The stream is fed by the consumer and by log reads: keep both on one context.
    Context context = vertx.getOrCreateContext();
    Promise<Void> ready = Promise.promise();
    Promise<MessageConsumer<JsonObject>> registered = Promise.promise();
    context.runOnContext(start -> {
      MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.EVENTS,
          (Message<JsonObject> message) -> {
            if (integrity.accepts(message)) {
              stream.offer(message.body());
            }
          });
      registered.complete(consumer);
      consumer.completion().compose(done -> stream.start()).onComplete(ready);
    });
    Subscription subscription = new Subscription() {
      @Override
      public Future<Void> ready() {
        return ready.future();
      }

      @Override
      public long nextSequence() {
        return stream.nextSequence();
      }

      @Override
      public void pause() {
        context.runOnContext(pause -> stream.pause());
      }

      @Override
      public void resume() {
        context.runOnContext(resume -> stream.resume());
      }

      @Override
      public long lag() {
        return stream.lag();
      }

      @Override
      public Future<Void> close() {
        open.remove(this);
        return registered.future().compose(consumer -> {
          context.runOnContext(stop -> stream.close());
          return consumer.unregister();
        });
      }
    };
    open.add(subscription);
    return subscription;
  }

  /**
   * Declares that this subscriber uses the endpoint: a DELETE without {@code force} is refused
   * (409) while the reference lasts. It ends with {@link #releaseReference}, or by itself when this
   * subscriber's node leaves the cluster. It is this subscriber's own (its node id owns it): a
   * reference declared over HTTP by the same name is neither replaced nor ended by it.
   */
  public Future<Void> holdReference(String inferenceId) {
    return reference(new ReferenceRequest.Add(inferenceId, name, nodeId, nodeId, principal()));
  }

  public Future<Void> releaseReference(String inferenceId) {
    return reference(new ReferenceRequest.Remove(inferenceId, name, nodeId, principal()));
  }

  private Future<Void> reference(ReferenceRequest request) {
    return ask(request, ASK_ATTEMPTS)
        .recover(failure -> Future.failedFuture(BusFailures.toError(failure).toException()))
        .mapEmpty();
  }

  private Future<EventsPage> readLog(long fromSequence, int max) {
    return ask(new ReadEvents(fromSequence, max), ASK_ATTEMPTS);
  }

  /**
   * The registry's answer, taken only with a gateway's signature over it and this request's nonce:
   * another process may have registered a consumer on the registry's address and answered instead
   * (the bus hands requests to the consumers in turn), so an unsigned answer is asked again.
   */
  private <T> Future<T> ask(Object request, int attempts) {
    DeliveryOptions options = signed(request);
    String nonce = options.getHeaders().get(RequestSigner.NONCE);
    return vertx.eventBus().<T>request(Addresses.REGISTRY, request, options).compose(reply -> {
      if (signer.verifyReply(Addresses.REGISTRY, nonce, reply.headers(), reply.body())) {
        return Future.succeededFuture(reply.body());
      }
      LOG.warning(() -> "security: subscriber [" + name + "] ignored an unsigned answer on [" + Addresses.REGISTRY
          + "]: a process without the cluster secret answers there");
      return attempts > 1 ? ask(request, attempts - 1) : Future.failedFuture(new EsError(401, "security_exception",
          "no signed answer on [" + Addresses.REGISTRY + "] after " + ASK_ATTEMPTS + " attempts").toException());
    });
  }

  private DeliveryOptions signed(Object request) {
    return signer.sign(Addresses.REGISTRY, nodeId == null ? "local" : nodeId, request);
  }

  private Principal principal() {
    return new Principal(name, List.of(), "cluster");
  }

  private static void deliver(JsonObject json, EventFilter filter, Handler<EndpointEvent> handler,
      Handler<Throwable> errors) {
    EndpointEvent event;
    try {
      event = EndpointEvent.fromJson(json);
    } catch (RuntimeException e) {
      errors.handle(new IllegalArgumentException("undecodable event at sequence " + json.getValue("sequence"), e));
      return;
    }
    if (filter.matches(event)) {
      handler.handle(event);
    }
  }

  private void logError(Throwable failure) {
    LOG.log(Level.WARNING, "event subscription of [" + name + "]: " + failure.getMessage(), failure);
  }

}
