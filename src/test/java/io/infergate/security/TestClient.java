package io.infergate.security;

import io.vertx.core.net.SocketAddress;

/** Where the tests' authentications come from, as a connection's peer address. */
final class TestClient {

  static final SocketAddress LOCAL = SocketAddress.inetSocketAddress(40_000, "127.0.0.1");

  private TestClient() {
  }
}
