package io.infergate.http;

import io.infergate.bus.NodeReadiness;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The probes a load balancer or an orchestrator calls without credentials, which reveal nothing but
 * up or ready: {@code GET|HEAD /_infergate/live} answers 200 while the process serves HTTP;
 * {@code GET|HEAD /_infergate/ready} answers 200 while the node should get traffic
 * ({@link NodeReadiness}) and 503 otherwise (cut off from the cluster, catching up, a member not
 * attested, shutting down). The body is {@code {}} either way and nothing is cached. Any other
 * method is Elasticsearch's 405 (after authentication: only GET and HEAD skip it).
 */
final class ProbeHandler {

  static final String LIVE = "/_infergate/live";
  static final String READY = "/_infergate/ready";
  private static final String BODY = "{}";

  private final NodeReadiness readiness;

  ProbeHandler(NodeReadiness readiness) {
    this.readiness = readiness;
  }

  /**
   * Whether a request may skip authentication: a GET or HEAD of exactly one of the probes, by its
   * raw path and by its normalised path both, as the console's exemption checks them.
   */
  static boolean isProbe(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpMethod method = request.method();
    return (method == HttpMethod.GET || method == HttpMethod.HEAD)
        && isProbePath(request.path()) && isProbePath(ctx.normalizedPath());
  }

  private static boolean isProbePath(String path) {
    return LIVE.equals(path) || READY.equals(path);
  }

  void mount(Router router) {
    router.route(LIVE).handler(ctx -> answer(ctx, true));
    router.route(READY).handler(ctx -> answer(ctx, readiness.isReady()));
  }

  private static void answer(RoutingContext ctx, boolean up) {
    HttpMethod method = ctx.request().method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
      ctx.fail(MethodNotAllowed.of(ctx, "GET, HEAD"));
      return;
    }
    ctx.response().setStatusCode(up ? 200 : 503)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("X-Elastic-Product", "Elasticsearch")
        .end(BODY);
  }
}
