package io.infergate.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Elasticsearch's parameters of every route, checked once before any route: {@code pretty} and
 * {@code human} (booleans, refused as Elasticsearch refuses them when it opens the response
 * channel: a 400 rendered without the request's parameters), {@code error_trace} (refused next,
 * with Elasticsearch's plain-string 400), and {@code filter_path}, compiled here once for
 * {@link Responses}. Nothing is kept for a request without them.
 */
final class CommonParameters implements Handler<RoutingContext> {

  private static final String FILTER_KEY = "infergate.filter_path";
  private static final String REFUSED_KEY = "infergate.common_parameters_refused";

  @Override
  public void handle(RoutingContext ctx) {
    try {
      check(ctx);
    } catch (HttpFailure refused) {
      ctx.fail(refused);
      return;
    }
    ctx.next();
  }

  private static void check(RoutingContext ctx) {
    try {
      QueryParameters.bool(ctx, "pretty");
      QueryParameters.bool(ctx, "human");
    } catch (HttpFailure refused) {
      ctx.put(REFUSED_KEY, true);
      throw refused;
    }
    try {
      QueryParameters.bool(ctx, "error_trace");
    } catch (HttpFailure refused) {
      throw HttpFailure.plain(400, refused.error().reason());
    }
    ResponseFilter filter = ResponseFilter.parse(ctx.queryParams().get("filter_path"));
    if (filter != null) {
      ctx.put(FILTER_KEY, filter);
    }
  }

  /** The request's {@code filter_path}, or null when it has none (or it filters nothing). */
  static ResponseFilter filter(RoutingContext ctx) {
    return ctx.get(FILTER_KEY);
  }

  /** {@code ?pretty}, read leniently: a response to a refused value is not indented. */
  static boolean pretty(RoutingContext ctx) {
    return isTrue(ctx, "pretty");
  }

  /** {@code ?error_trace}, read leniently, since the refusal of a bad one is rendered too. */
  static boolean errorTrace(RoutingContext ctx) {
    return isTrue(ctx, "error_trace");
  }

  private static boolean isTrue(RoutingContext ctx, String name) {
    if (Boolean.TRUE.equals(ctx.get(REFUSED_KEY))) {
      return false;
    }
    String value = ctx.queryParams().get(name);
    return value != null && (value.isEmpty() || value.equals("true"));
  }
}
