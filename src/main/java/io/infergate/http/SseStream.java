package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import io.vertx.core.AsyncResult;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A streamed perform response as Elasticsearch writes it: {@code text/event-stream}, each chunk
 * an {@code event: message} with its JSON, then {@code data: [DONE]}; a failure after the first
 * chunk is an {@code event: error} carrying the error envelope. A failure before any chunk is an
 * ordinary JSON error with its status.
 */
final class SseStream {

  private static final Logger LOG = Logger.getLogger(SseStream.class.getName());

  private final RoutingContext ctx;
  private boolean started;

  SseStream(RoutingContext ctx) {
    this.ctx = ctx;
  }

  void chunk(JsonObject chunk) {
    HttpServerResponse response = ctx.response();
    if (response.closed() || response.ended()) {
      return;
    }
    begin(response);
    response.write("event: message\ndata: " + chunk.encode() + "\n\n");
  }

  void end(AsyncResult<Void> outcome) {
    HttpServerResponse response = ctx.response();
    if (response.closed() || response.ended()) {
      return;
    }
    if (outcome.succeeded()) {
      begin(response);
      response.end("event: message\ndata: [DONE]\n\n");
      return;
    }
    if (!started) {
      ctx.fail(outcome.cause());
      return;
    }
    EsError error;
    if (outcome.cause() instanceof EsException es) {
      error = es.error();
    } else {
      LOG.log(Level.WARNING, "stream of [" + ctx.request().path() + "] failed", outcome.cause());
      error = EsError.internal();
    }
    response.end("event: error\ndata: " + error.toEnvelope().encode() + "\n\n");
  }

  private void begin(HttpServerResponse response) {
    if (started) {
      return;
    }
    started = true;
    response.setStatusCode(200)
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .putHeader("X-Elastic-Product", "Elasticsearch");
  }
}
