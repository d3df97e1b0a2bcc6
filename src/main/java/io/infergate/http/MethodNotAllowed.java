package io.infergate.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** Elasticsearch's 405 for a known path asked with a method it does not serve. */
final class MethodNotAllowed {

  private MethodNotAllowed() {
  }

  static HttpFailure of(RoutingContext ctx, String allowed) {
    return HttpFailure.plain(405, "Incorrect HTTP method for uri [" + ctx.request().uri() + "] and method ["
        + ctx.request().method() + "], allowed: [" + allowed + "]");
  }

  /** Answers every other method on {@code path} with the 405; mount it after the path's own routes. */
  static void mount(Router router, String path, String allowed) {
    router.route(path).handler(ctx -> ctx.fail(of(ctx, allowed)));
  }
}
