package io.infergate.http;

/** The router's settings, taken from the node configuration. */
public record HttpSettings(String host, int port, int maxContentLength, long registryTimeoutMs) {
}
