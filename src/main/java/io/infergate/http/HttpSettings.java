package io.infergate.http;

import io.infergate.tls.TlsSettings;

/**
 * The router's settings, taken from the node configuration.
 *
 * @param readTimeoutMs      how long a request may take to arrive whole (headers to the last byte of
 *                           its body) before its connection is closed
 * @param idleTimeoutSeconds how long a connection may send and receive nothing before it is closed
 * @param maxConnections     open HTTP connections per node; more are closed as they arrive
 * @param tls                {@code http.ssl.*}: with TLS on, the port speaks HTTPS only
 * @param sendBufferSize     {@code http.tcp_send_buffer_size}: each socket's send buffer, -1 for the OS's
 */
public record HttpSettings(String host, int port, int maxContentLength, long registryTimeoutMs, long readTimeoutMs,
    int idleTimeoutSeconds, int maxConnections, TlsSettings tls, int sendBufferSize) {
}
