package io.infergate.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Closes the connection of a request that has not arrived whole (its body to the last byte) within
 * {@code http.read_timeout_ms}: a client sending a byte a second must not hold a connection and a
 * buffer for ever. The deadline ends with the response.
 */
final class ReadDeadline implements Handler<RoutingContext> {

  private final Vertx vertx;
  private final long timeoutMs;

  ReadDeadline(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.timeoutMs = timeoutMs;
  }

  @Override
  public void handle(RoutingContext ctx) {
    long timer = vertx.setTimer(timeoutMs, fired -> {
      if (!ctx.request().isEnded()) {
        ctx.request().connection().close();
      }
    });
    ctx.addEndHandler(ended -> vertx.cancelTimer(timer));
    ctx.next();
  }
}
