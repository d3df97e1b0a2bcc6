package io.infergate.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;

/**
 * Closes the connection of a request that has not arrived whole (its body to the last byte) within
 * {@code http.read_timeout_ms}: a client sending a byte a second must not hold a connection and a
 * buffer for ever. The deadline ends with the response.
 *
 * <p>One per router, on its event loop. Every request has the same timeout, so the requests under
 * way are kept in arrival order ({@link ArrivalDeadlines}) and one periodic sweep closes the overdue
 * ones: a Vert.x timer set and cancelled per request took about 8% of an authenticated GET's
 * event-loop time. A deadline is enforced within one sweep period (a quarter of the timeout, at most
 * a second) after it passes.
 */
final class ReadDeadline implements Handler<RoutingContext> {

  private static final long LONGEST_SWEEP_PERIOD_MS = 1_000;

  private final ArrivalDeadlines<HttpServerRequest> underWay;

  private ReadDeadline(long timeoutMs) {
    this.underWay = new ArrivalDeadlines<>(TimeUnit.MILLISECONDS.toNanos(timeoutMs));
  }

  /** A read deadline whose sweep runs on the calling context (the router verticle's) until it is undeployed. */
  static ReadDeadline started(Vertx vertx, long timeoutMs) {
    ReadDeadline deadline = new ReadDeadline(timeoutMs);
    vertx.setPeriodic(sweepPeriodMs(timeoutMs), tick -> deadline.closeOverdue(System.nanoTime()));
    return deadline;
  }

  static long sweepPeriodMs(long timeoutMs) {
    return Math.max(1, Math.min(LONGEST_SWEEP_PERIOD_MS, timeoutMs / 4));
  }

  @Override
  public void handle(RoutingContext ctx) {
    ArrivalDeadlines.Deadline<HttpServerRequest> deadline = underWay.start(ctx.request(), System.nanoTime());
    ctx.addEndHandler(ended -> deadline.end());
    ctx.next();
  }

  private void closeOverdue(long nowNanos) {
    underWay.expire(nowNanos, request -> {
      if (!request.isEnded()) {
        request.connection().close();
      }
    });
  }
}
