package io.infergate.http;

import io.infergate.bus.EsError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The browser console at {@code /_console/}: static files (HTML, ES modules, CSS) from the
 * classpath directory {@value #WEB_ROOT}, served without authentication because they hold no data
 * (every API call the page makes carries the user's credentials). GET and HEAD only; every answer
 * carries a strict content security policy, so the page runs only its own scripts and talks only
 * to its own origin.
 */
final class ConsoleHandler {

  static final String PATH = "/_console";
  static final String WEB_ROOT = "console";
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final StaticHandler assets = StaticHandler.create(WEB_ROOT)
      .setDirectoryListing(false)
      .setIncludeHidden(false)
      .setDefaultContentEncoding("UTF-8");

  /**
   * Whether a request may skip authentication: a GET or HEAD of the console, by its normalised path
   * (the one the router matches and the files are served by) and by its raw path both, so that
   * {@code /_console/../_nodes} is authenticated like {@code /_nodes}.
   */
  static boolean isPublicAsset(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpMethod method = request.method();
    return (method == HttpMethod.GET || method == HttpMethod.HEAD)
        && isConsolePath(request.path()) && isConsolePath(ctx.normalizedPath());
  }

  static boolean isConsolePath(String path) {
    return path != null && (path.equals(PATH) || path.startsWith(PATH + "/"));
  }

  /** The console's routes: {@code /_console} redirects, {@code /_console/*} are the files. */
  void mount(Router router) {
    router.route(PATH).handler(this::front);
    router.route(PATH + "/*").handler(this::front).handler(assets).handler(ConsoleHandler::notFound);
  }

  private void front(RoutingContext ctx) {
    // Set when the headers go out, so that errors, redirects and 304s carry them too and the static
    // handler's own Cache-Control does not win.
    ctx.addHeadersEndHandler(ended -> secure(ctx.response()));
    HttpMethod method = ctx.request().method();
    if (method != HttpMethod.GET && method != HttpMethod.HEAD) {
      ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD");
      ctx.fail(MethodNotAllowed.of(ctx, "GET, HEAD"));
      return;
    }
    if (ctx.normalizedPath().equals(PATH)) {
      // Relative URLs in the page (./app.js) resolve against the directory, so it needs its slash.
      ctx.response().setStatusCode(301).putHeader(HttpHeaders.LOCATION, PATH + "/").end();
      return;
    }
    ctx.next();
  }

  private static void secure(HttpServerResponse response) {
    response.headers()
        .set("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .set("X-Content-Type-Options", "nosniff")
        .set("Referrer-Policy", "no-referrer")
        .set("X-Frame-Options", "DENY")
        .set(HttpHeaders.CACHE_CONTROL, "no-cache");
  }

  private static void notFound(RoutingContext ctx) {
    ctx.fail(HttpFailure.of(new EsError(404, "resource_not_found_exception",
        "no console file [" + ctx.request().path() + "]")));
  }
}
