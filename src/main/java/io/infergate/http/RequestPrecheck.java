package io.infergate.http;

import io.infergate.bus.EsError;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * What must hold before a request reaches the router: its framing is unambiguous (no request
 * smuggling), an HTTP/1.1 request names its {@code Host} (RFC 9112 section 3.2), and its query
 * string decodes (the router's own parsing throws on it).
 * Either failure is a 400 in Elasticsearch's envelope, and the connection is closed.
 */
final class RequestPrecheck implements Handler<HttpServerRequest> {

  private final Handler<HttpServerRequest> next;
  /**
   * Connections refused and closing: a request pipelined behind the refused one (the bytes after a
   * smuggled chunked body) is never dispatched, whatever the timing of the close.
   */
  private final Set<HttpConnection> closing = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  RequestPrecheck(Handler<HttpServerRequest> next) {
    this.next = next;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (closing.contains(request.connection())) {
      request.connection().close();
      return;
    }
    if (request.version() == HttpVersion.HTTP_1_1 && request.getHeader(HttpHeaders.HOST) == null) {
      refuse(request, "an HTTP/1.1 request must have a Host header");
      return;
    }
    if (ambiguousFraming(request)) {
      refuse(request, "a request must not have both Content-Length and Transfer-Encoding, nor a Transfer-Encoding "
          + "other than [chunked] (RFC 9112 section 6.3)");
      return;
    }
    String coding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
    if (coding != null && !coding.trim().equalsIgnoreCase("identity")) {
      // Read as it comes, a compressed body would be taken for its own bytes: refuse what is not decoded.
      refuse(request, 415, "content_encoding_exception",
          "Content-Encoding [" + coding + "] is not supported; send the body uncompressed");
      return;
    }
    try {
      request.params();
    } catch (IllegalArgumentException badEscape) {
      refuse(request, "the query string of [" + request.path() + "] is not valid: " + badEscape.getMessage());
      return;
    }
    // Nothing of the body is read until BodyHandler, after authentication, resumes the request.
    request.pause();
    next.handle(request);
  }

  /** Framing two servers could read differently: how requests are smuggled past a proxy. */
  private static boolean ambiguousFraming(HttpServerRequest request) {
    List<String> encodings = request.headers().getAll(HttpHeaders.TRANSFER_ENCODING);
    if (encodings.isEmpty()) {
      return false;
    }
    return request.headers().contains(HttpHeaders.CONTENT_LENGTH) || encodings.size() > 1
        || !encodings.get(0).equals("chunked");
  }

  private void refuse(HttpServerRequest request, String reason) {
    refuse(request, 400, "illegal_argument_exception", reason);
  }

  private void refuse(HttpServerRequest request, int status, String type, String reason) {
    // Weakly held: the connection's one close handler belongs to ConnectionLimit.
    closing.add(request.connection());
    request.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, MediaTypes.JSON)
        .putHeader(HttpHeaders.CONNECTION, "close")
        .putHeader("X-Elastic-Product", "Elasticsearch")
        .end(new EsError(status, type, reason).toEnvelope().encode())
        .onComplete(sent -> request.connection().close());
  }
}
