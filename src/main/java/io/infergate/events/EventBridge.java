package io.infergate.events;

import io.infergate.bus.Addresses;
import io.infergate.security.SecurityService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServerOptions;
import io.vertx.ext.bridge.BridgeOptions;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.eventbus.bridge.tcp.TcpEventBusBridge;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * Endpoint events for processes outside the JVM: a Vert.x TCP event-bus bridge (frames of a 4-byte
 * big-endian length and a JSON object) on which authenticated clients may receive
 * {@link Addresses#EVENTS}, and nothing else.
 *
 * <ul>
 *   <li>{@code {"type":"register","address":"infergate.events","headers":{"authorization":"Basic
 *       <base64 user:password>"}}} subscribes when the user's roles grant
 *       {@code cluster:monitor/xpack/inference/get} ({@code monitor_inference} or higher); the events
 *       then arrive unchanged as {@code {"type":"message","address":"infergate.events","body":{...}}}.
 *       Missing or wrong credentials, a missing privilege, another address or a second
 *       registration on the same connection get {@code {"type":"err",...}} instead.
 *   <li>No address accepts {@code send} or {@code publish}: the bridge answers {@code access_denied}
 *       and nothing reaches the event bus.
 *   <li>The frames of one connection take effect in the order they were sent, so a {@code ping}
 *       answered by a {@code pong} after a {@code register} means the registration is decided. A
 *       connection that sends more than {@value BridgeSession#MAX_WAITING} frames behind one still
 *       being decided is closed.
 * </ul>
 */
public final class EventBridge {

  private static final Logger LOG = Logger.getLogger(EventBridge.class.getName());
  /** Attempts at binding a free port when asked for port 0, each with a fresh port. */
  private static final int FREE_PORT_ATTEMPTS = 5;

  private final TcpEventBusBridge bridge;
  private final BridgeGuard guard;
  private final int port;

  private EventBridge(TcpEventBusBridge bridge, BridgeGuard guard, int port) {
    this.bridge = bridge;
    this.guard = guard;
    this.port = port;
  }

  /**
   * Listens on {@code host:port}; port 0 takes any free port ({@link #actualPort()} tells which).
   * Authenticates subscribers against {@code security}; never blocks the calling event loop.
   */
  public static Future<EventBridge> start(Vertx vertx, SecurityService security, String host, int port) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(host, "host");
    if (port < 0 || port > 65_535) {
      return Future.failedFuture(new IllegalArgumentException("invalid event bridge port [" + port + "]"));
    }
    BridgeGuard guard = new BridgeGuard(security);
    Future<EventBridge> started = port == 0
        ? listenOnFreePort(vertx, guard, host, FREE_PORT_ATTEMPTS)
        : listen(vertx, guard, host, port);
    return started.onSuccess(bridge -> LOG.info(() -> "event bridge listening on [" + host + ":" + bridge.port
        + "] for subscribers to [" + Addresses.EVENTS + "]"));
  }

  /**
   * The bridge cannot report the port its server took, so port 0 is resolved here: probe a free
   * port, then listen on it, trying again with another port if it was taken in between.
   */
  private static Future<EventBridge> listenOnFreePort(Vertx vertx, BridgeGuard guard, String host, int attempts) {
    return vertx.executeBlocking(() -> freePort(host), false)
        .compose(port -> listen(vertx, guard, host, port))
        .recover(failure -> attempts > 1
            ? listenOnFreePort(vertx, guard, host, attempts - 1)
            : Future.failedFuture(failure));
  }

  private static int freePort(String host) throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(host, 0));
      return probe.getLocalPort();
    }
  }

  private static Future<EventBridge> listen(Vertx vertx, BridgeGuard guard, String host, int port) {
    // Outbound only: clients may receive the events. Nothing is inbound-permitted, so the bridge
    // refuses every send and publish with access_denied before it touches the event bus.
    BridgeOptions options = new BridgeOptions()
        .addOutboundPermitted(new PermittedOptions().setAddress(Addresses.EVENTS));
    TcpEventBusBridge bridge = TcpEventBusBridge.create(vertx, options, new NetServerOptions(), guard);
    return bridge.listen(port, host)
        .map(listening -> new EventBridge(bridge, guard, port))
        .recover(failure -> bridge.close().transform(closed -> Future.failedFuture(failure)));
  }

  /** The port the bridge listens on: the one asked for, or the free one taken for port 0. */
  public int actualPort() {
    return port;
  }

  /** Stops listening and closes every client connection, which ends their subscriptions. */
  public Future<Void> close() {
    return bridge.close();
  }

  /** Connections that have sent a frame and are not yet closed. */
  int openConnections() {
    return guard.openConnections();
  }
}
