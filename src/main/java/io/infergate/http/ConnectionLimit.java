package io.infergate.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import java.util.concurrent.atomic.AtomicInteger;

/** At most {@code http.max_connections} open connections: the ones beyond are closed as they arrive. */
final class ConnectionLimit implements Handler<HttpConnection> {

  private final int max;
  private final AtomicInteger open = new AtomicInteger();

  ConnectionLimit(int max) {
    this.max = max;
  }

  /** Connections accepted and not yet closed. */
  int open() {
    return open.get();
  }

  @Override
  public void handle(HttpConnection connection) {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      connection.close();
      return;
    }
    connection.closeHandler(closed -> open.decrementAndGet());
  }
}
