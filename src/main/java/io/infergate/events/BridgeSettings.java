package io.infergate.events;

import io.infergate.tls.TlsSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * The TCP event bridge's address and the limits on what a client can hold, from
 * {@code events.bridge_*} in the node configuration.
 *
 * @param maxFrameBytes  the largest frame a client may send, checked against its length prefix
 *                       before any of it is kept; a larger one closes the connection
 * @param authTimeout    a connection that has not registered with valid credentials by then is closed
 * @param idleTimeout    a connection over which no frame has come or gone for this long is closed: a
 *                       subscriber stays as long as events reach it or it pings
 * @param maxConnections open bridge connections on this node; more are closed as they arrive
 * @param tls            {@code events.bridge_ssl.*}: with TLS on, the port speaks TLS only
 */
public record BridgeSettings(String host, int port, int maxFrameBytes, Duration authTimeout, Duration idleTimeout,
    int maxConnections, TlsSettings tls) {

  public static final int DEFAULT_MAX_FRAME_BYTES = 64 * 1024;
  public static final int DEFAULT_AUTH_TIMEOUT_SECONDS = 10;
  /** Well above the 5 s at which Vert.x's bridge clients ping by default. */
  public static final int DEFAULT_IDLE_TIMEOUT_SECONDS = 60;
  public static final int DEFAULT_MAX_CONNECTIONS = 1024;

  public BridgeSettings(String host, int port, int maxFrameBytes, Duration authTimeout, Duration idleTimeout,
      int maxConnections) {
    this(host, port, maxFrameBytes, authTimeout, idleTimeout, maxConnections, TlsSettings.off());
  }

  public BridgeSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(tls, "tls");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("invalid event bridge port [" + port + "]");
    }
    requirePositive("events.bridge_max_frame_bytes", maxFrameBytes);
    requirePositive("events.bridge_auth_timeout_seconds", authTimeout);
    requirePositive("events.bridge_idle_timeout_seconds", idleTimeout);
    requirePositive("events.bridge_max_connections", maxConnections);
  }

  /** The default limits on {@code host:port} (port 0: any free port). */
  public static BridgeSettings defaults(String host, int port) {
    return new BridgeSettings(host, port, DEFAULT_MAX_FRAME_BYTES, Duration.ofSeconds(DEFAULT_AUTH_TIMEOUT_SECONDS),
        Duration.ofSeconds(DEFAULT_IDLE_TIMEOUT_SECONDS), DEFAULT_MAX_CONNECTIONS);
  }

  private static void requirePositive(String setting, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(setting + " must be positive, not [" + value.toSeconds() + "]");
    }
  }

  private static void requirePositive(String setting, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(setting + " must be positive, not [" + value + "]");
    }
  }
}
