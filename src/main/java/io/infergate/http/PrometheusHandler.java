package io.infergate.http;

import io.infergate.metrics.NodeMetrics;
import io.infergate.security.AuthenticatedUser;
import io.infergate.security.ClusterAction;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * {@code GET /_prometheus/metrics}: this node's meters in Prometheus's text format, for a user
 * holding {@code monitor} or {@code monitor_inference} (the action {@link ClusterAction#PROMETHEUS_METRICS}),
 * or without credentials from an address of {@code metrics.scrape_addresses}. The text is written on
 * a worker: a registry of a few thousand series takes milliseconds to render.
 */
final class PrometheusHandler {

  static final String PATH = "/_prometheus/metrics";

  private final Vertx vertx;
  private final NodeMetrics metrics;
  private final Authorization authorization;
  private final ScrapeAddresses scrapeAddresses;

  PrometheusHandler(Vertx vertx, NodeMetrics metrics, Authorization authorization, ScrapeAddresses scrapeAddresses) {
    this.vertx = vertx;
    this.metrics = metrics;
    this.authorization = authorization;
    this.scrapeAddresses = scrapeAddresses;
  }

  /** Whether the request is a scrape: the one request an address of {@code metrics.scrape_addresses} may make without credentials. */
  static boolean isScrape(RoutingContext ctx) {
    return PATH.equals(ctx.request().path()) && ctx.request().method() == io.vertx.core.http.HttpMethod.GET;
  }

  void mount(Router router) {
    router.get(PATH).handler(this::scrape);
    MethodNotAllowed.mount(router, PATH, "GET");
  }

  private void scrape(RoutingContext ctx) {
    QueryParameters.requireKnown(ctx, Set.of());
    AuthenticatedUser user = AuthenticationHandler.user(ctx);
    if (user != null) {
      authorization.require(user, ClusterAction.PROMETHEUS_METRICS);
    } else if (!scrapeAddresses.allows(ctx.request().remoteAddress())) {
      throw new IllegalStateException("a scrape without a user from an address not in metrics.scrape_addresses");
    }
    vertx.executeBlocking(metrics::scrape, false).onSuccess(text -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, NodeMetrics.contentType())
        .end(text)).onFailure(ctx::fail);
  }
}
