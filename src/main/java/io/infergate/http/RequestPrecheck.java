package io.infergate.http;

import io.infergate.bus.EsError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

/**
 * What must hold before a request reaches the router, because the router's own parsing throws on
 * it: an HTTP/1.1 request names its {@code Host} (RFC 9112 section 3.2), and its query string decodes.
 * Either failure is a 400 in Elasticsearch's envelope, and the connection is closed.
 */
final class RequestPrecheck implements Handler<HttpServerRequest> {

  private final Handler<HttpServerRequest> next;

  RequestPrecheck(Handler<HttpServerRequest> next) {
    this.next = next;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_1_1 && request.getHeader(HttpHeaders.HOST) == null) {
      refuse(request, "an HTTP/1.1 request must have a Host header");
      return;
    }
    try {
      request.params();
    } catch (IllegalArgumentException badEscape) {
      refuse(request, "the query string of [" + request.path() + "] is not valid: " + badEscape.getMessage());
      return;
    }
    next.handle(request);
  }

  private static void refuse(HttpServerRequest request, String reason) {
    request.response()
        .setStatusCode(400)
        .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .putHeader("X-Elastic-Product", "Elasticsearch")
        .end(EsError.illegalArgument(reason).toEnvelope().encode())
        .onComplete(sent -> request.connection().close());
  }
}
