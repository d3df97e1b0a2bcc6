package io.infergate.inference.providers;

import io.vertx.core.json.JsonObject;

/**
 * How the gateway talks to providers.
 *
 * @param connectTimeoutMs      how long a new connection may take (TCP and TLS handshake)
 * @param readTimeoutMs         how long a request may go without receiving a byte
 * @param maxConnectionsPerHost the keep-alive pool's size per provider host
 * @param retry                 when and after how long a failed request is sent again
 */
public record ProviderSettings(int connectTimeoutMs, long readTimeoutMs, int maxConnectionsPerHost, RetryPolicy retry) {

  public ProviderSettings {
    if (connectTimeoutMs <= 0 || readTimeoutMs <= 0 || maxConnectionsPerHost <= 0) {
      throw new IllegalArgumentException("provider timeouts and pool size must be positive");
    }
  }

  public static ProviderSettings defaults() {
    return new ProviderSettings(5_000, 60_000, 32, RetryPolicy.defaults());
  }

  /**
   * Reads {@code connect_timeout_ms}, {@code read_timeout_ms}, {@code max_connections_per_host} and
   * {@code retry} ({@link RetryPolicy#fromJson}), defaults for the rest.
   */
  public static ProviderSettings fromJson(JsonObject json) {
    ProviderSettings defaults = defaults();
    return new ProviderSettings(
        json.getInteger("connect_timeout_ms", defaults.connectTimeoutMs()),
        json.getLong("read_timeout_ms", defaults.readTimeoutMs()),
        json.getInteger("max_connections_per_host", defaults.maxConnectionsPerHost()),
        RetryPolicy.fromJson(json.getJsonObject("retry", new JsonObject())));
  }

  /** These settings with another retry policy. */
  public ProviderSettings withRetry(RetryPolicy policy) {
    return new ProviderSettings(connectTimeoutMs, readTimeoutMs, maxConnectionsPerHost, policy);
  }
}
