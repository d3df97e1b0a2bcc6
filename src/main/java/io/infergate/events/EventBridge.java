package io.infergate.events;

import io.infergate.bus.Addresses;
import io.infergate.security.SecurityService;
import io.infergate.tls.TlsOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Endpoint events for processes outside the JVM, over the protocol of Vert.x's TCP event bus bridge
 * (frames of a 4-byte big-endian length and a JSON object), on which authenticated clients may
 * receive {@link Addresses#EVENTS}, and nothing else.
 *
 * <ul>
 *   <li>{@code {"type":"register","address":"infergate.events","headers":{"authorization":"Basic
 *       <base64 user:password>"}}} subscribes when the user's roles grant
 *       {@code cluster:monitor/xpack/inference/get} ({@code monitor_inference} or higher); the events
 *       then arrive unchanged as {@code {"type":"message","address":"infergate.events","body":{...}}}.
 *       Missing or wrong credentials, a missing privilege, another address or a second
 *       registration on the same connection get {@code {"type":"err","message":"access_denied"}}.
 *   <li>No address accepts {@code send} or {@code publish}: they get {@code access_denied} and
 *       nothing reaches the event bus.
 *   <li>The frames of one connection take effect in the order they were sent, so a {@code ping}
 *       answered by a {@code pong} after a {@code register} means the registration is decided.
 * </ul>
 *
 * Vert.x's own bridge reads a whole frame, whatever length it declares, before anyone may look at
 * it, and keeps the last of two equal keys: this one reads the bytes itself, so that the limits of
 * {@link BridgeSettings} hold from the first byte (see {@link BridgeConnection}).
 */
public final class EventBridge {

  private static final Logger LOG = Logger.getLogger(EventBridge.class.getName());

  private final Vertx vertx;
  private final BridgeSettings settings;
  private final BridgeGuard guard;
  private final EventFanout events;
  private final NetServer server;
  private final AtomicInteger open = new AtomicInteger();

  private EventBridge(Vertx vertx, BridgeSettings settings, BridgeGuard guard, EventIntegrity integrity,
      SubscriberLag lag) {
    this.vertx = vertx;
    this.events = new EventFanout(vertx, integrity, lag);
    this.settings = settings;
    this.guard = guard;
    NetServerOptions options = new NetServerOptions().setHost(settings.host()).setPort(settings.port());
    TlsOptions.apply(settings.tls(), options);
    options.setClientAuth(TlsOptions.clientAuth(settings.tls()));
    this.server = vertx.createNetServer(options);
    server.connectHandler(this::accept);
  }

  /**
   * Listens on the settings' host and port; port 0 takes any free port ({@link #actualPort()} tells
   * which). Authenticates subscribers against {@code security}; delivers only the events
   * {@code integrity} accepts; never blocks the calling event loop.
   */
  public static Future<EventBridge> start(Vertx vertx, SecurityService security, BridgeSettings settings,
      EventIntegrity integrity) {
    return start(vertx, security, settings, integrity, SubscriberLag.unmetered());
  }

  /** As {@link #start(Vertx, SecurityService, BridgeSettings, EventIntegrity)}, the subscribers' lag kept in {@code lag}. */
  public static Future<EventBridge> start(Vertx vertx, SecurityService security, BridgeSettings settings,
      EventIntegrity integrity, SubscriberLag lag) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(integrity, "integrity");
    EventBridge bridge = new EventBridge(vertx, settings, new BridgeGuard(security), integrity, lag);
    return bridge.server.listen().map(bridge).onSuccess(started -> LOG.info(() -> "event bridge listening on ["
        + settings.host() + ":" + started.actualPort() + "] for subscribers to [" + Addresses.EVENTS + "]: "
        + settings.maxFrameBytes() + "-byte frames, " + settings.authTimeout().toSeconds() + " s to authenticate, "
        + settings.idleTimeout().toSeconds() + " s idle, " + settings.maxConnections() + " connections"));
  }

  /** The port the bridge listens on: the one asked for, or the free one taken for port 0. */
  public int actualPort() {
    return server.actualPort();
  }

  /** Stops listening and closes every client connection, which ends their subscriptions. */
  public Future<Void> close() {
    return server.close().eventually(events::close);
  }

  /**
   * Hands its subscribers the events this node published (for at most {@code timeout}), then stops
   * listening, sends every connection a last {@code {"type":"err","message":"node_shutting_down"}}
   * and ends it once written; what is still open after {@code timeout} (a client that does not read)
   * is closed.
   */
  public Future<Void> shutdown(Duration timeout) {
    return events.delivered(timeout)
        .eventually(() -> server.shutdown(timeout.toMillis(), TimeUnit.MILLISECONDS))
        .eventually(events::close);
  }

  /** Connections accepted and not yet closed. */
  int openConnections() {
    return open.get();
  }

  /** Connections beyond the limit are closed as they arrive (with {@code too_many_connections}), none of their bytes read. */
  private void accept(NetSocket socket) {
    if (open.incrementAndGet() > settings.maxConnections()) {
      open.decrementAndGet();
      socket.end(BridgeFrames.encode(BridgeFrames.err("too_many_connections")));
      return;
    }
    BridgeConnection connection = new BridgeConnection(vertx, socket, settings);
    BridgeSession session = new BridgeSession(vertx.getOrCreateContext(), connection, guard, events);
    connection.start(session::receive, () -> {
      open.decrementAndGet();
      session.closed();
    });
  }
}
