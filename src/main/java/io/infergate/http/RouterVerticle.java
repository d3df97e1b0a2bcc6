package io.infergate.http;

import io.infergate.audit.AuditLog;
import io.infergate.bus.EndpointLookup;
import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import io.infergate.bus.NodeReadiness;
import io.infergate.bus.SecurityLookup;
import io.infergate.events.EventFanout;
import io.infergate.events.EventIntegrity;
import io.infergate.inference.ServiceCatalog;
import io.infergate.inference.cache.ResultCache;
import io.infergate.inference.perform.InferenceServices;
import io.infergate.inference.perform.PerformRequestParser;
import io.infergate.inference.traffic.TrafficControl;
import io.infergate.inference.traffic.UsageGathering;
import io.infergate.security.SecurityService;
import io.infergate.tls.TlsOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP face of a node: authenticates each request, validates it, turns it into a registry
 * command on the event bus, and maps the reply to Elasticsearch's JSON. It never touches Hazelcast.
 */
public final class RouterVerticle extends VerticleBase {

  private static final Logger LOG = Logger.getLogger(RouterVerticle.class.getName());
  /** Long enough for any id the validator rejects to reach it and get a readable 400. */
  private static final int MAX_INITIAL_LINE_LENGTH = 64 * 1024;

  private final NodeIdentity node;
  private final HttpSettings settings;
  private final SecurityService security;
  private final ServiceCatalog catalog;
  private final AuditLog audit;
  private final InferenceServices services;
  private final EndpointLookup endpoints;
  private final SecurityLookup securityDocuments;
  private final TrafficControl traffic;
  private final UsageGathering usage;
  private final ResultCache cache;
  private final Supplier<Future<JsonObject>> reloadSecureSettings;
  private HttpServer server;
  private final EventIntegrity events;
  private final HttpMetrics metrics;
  private EventFanout fanout;
  private final NodeReadiness readiness;
  private EventStreamHandler eventStreams;
  private ConnectionLimit connections;

  /**
   * @param securityDocuments this node's views of native users, roles and API keys, which the
   *     security GET routes read
   * @param events checks the events the server-sent event streams receive
   * @param readiness what {@code /_infergate/ready} answers
   * @param metrics this node's meters, which {@code /_prometheus/metrics} renders, who may scrape
   *     without credentials, the event streams' positions, and {@code _nodes/stats}
   */
  public RouterVerticle(NodeIdentity node, HttpSettings settings, SecurityService security, ServiceCatalog catalog,
      AuditLog audit, InferenceServices services, EndpointLookup endpoints, SecurityLookup securityDocuments,
      TrafficControl traffic, UsageGathering usage, ResultCache cache, Supplier<Future<JsonObject>> reloadSecureSettings,
      EventIntegrity events, NodeReadiness readiness, HttpMetrics metrics) {
    this.readiness = readiness;
    this.metrics = metrics;
    this.securityDocuments = securityDocuments;
    this.node = node;
    this.events = events;
    this.cache = cache;
    this.reloadSecureSettings = reloadSecureSettings;
    this.services = services;
    this.endpoints = endpoints;
    this.traffic = traffic;
    this.usage = usage;
    this.audit = audit;
    this.settings = settings;
    this.security = security;
    this.catalog = catalog;
  }

  /** The port the server listens on (useful when configured with port 0). */
  public int actualPort() {
    return server.actualPort();
  }

  @Override
  public Future<?> start() {
    fanout = new EventFanout(vertx, events, metrics.subscriberLag());
    return listen(routes());
  }

  private Router routes() {
    Router router = Router.router(vertx);
    router.route().handler(ReadDeadline.started(vertx, settings.readTimeoutMs()));
    router.route().handler(new AuditHandler(audit, node, Clock.systemUTC()));
    // Credentials first, from the headers: an unauthenticated client gets its 401 before the node
    // reads (and holds) any of its body. RequestPrecheck paused the request; BodyHandler resumes it.
    router.route().handler(new AuthenticationHandler(security,
        new AuthenticationFailures(metrics.metrics().registry()), metrics.scrapeAddresses()));
    router.route().handler(new CommonParameters());
    router.route().handler(BodyHandler.create(false).setBodyLimit(settings.maxContentLength()));
    RegistryClient registry = new RegistryClient(vertx, settings.registryTimeoutMs());
    eventStreams = new EventStreamHandler(vertx, registry, fanout, node);
    Authorization authorization = new Authorization(security);
    // Matches on the raw path, so it comes before any route that matches on the normalised one (the
    // probes' and the console's too: matching a path pattern fails a request whose path has a bad
    // escape with a bare 400).
    router.route().handler(new InferenceHandler(registry, endpoints, authorization, catalog,
        eventStreams,
        new PerformHandler(vertx, endpoints, services, new PerformRequestParser(catalog), traffic, cache),
        new StatsHandler(endpoints, usage)));
    new ProbeHandler(readiness).mount(router);
    new ConsoleHandler().mount(router);
    RootHandler root = new RootHandler(node);
    router.get("/").handler(root);
    router.head("/").handler(root);
    router.get("/_security/_authenticate").handler(new AuthenticateHandler());
    SecurityWrites securityWrites = new SecurityWrites(registry);
    // _has_privileges first: the user routes would take it for a user name.
    new PrivilegesHandler(security, authorization).mount(router);
    new UserHandler(security, securityDocuments, authorization, securityWrites).mount(router);
    new RoleHandler(securityDocuments, authorization, securityWrites).mount(router);
    new ApiKeyHandler(security, securityDocuments, authorization, securityWrites, Clock.systemUTC()).mount(router);
    mountSecurityMethodRefusals(router);
    new ClusterHandler(vertx, registry, authorization, node, reloadSecureSettings).mount(router);
    new PrometheusHandler(vertx, metrics.metrics(), authorization, metrics.scrapeAddresses()).mount(router);
    new NodeStatsHandler(metrics.nodeStats(), authorization, node).mount(router);
    router.route().handler(ctx -> ctx.fail(noHandler(ctx)));
    router.route().failureHandler(this::renderFailure);
    return router;
  }

  /** The security API's paths asked with another method: Elasticsearch's 405, naming what they take. */
  private static void mountSecurityMethodRefusals(Router router) {
    MethodNotAllowed.mount(router, "/_security/_authenticate", "GET");
    MethodNotAllowed.mount(router, "/_security/api_key", "DELETE, GET, POST, PUT");
    MethodNotAllowed.mount(router, "/_security/privilege/_builtin", "GET");
    MethodNotAllowed.mount(router, "/_security/user", "GET");
    MethodNotAllowed.mount(router, "/_security/user/_has_privileges", "GET, POST");
    MethodNotAllowed.mount(router, "/_security/user/_password", "POST, PUT");
    MethodNotAllowed.mount(router, "/_security/user/_privileges", "GET");
    MethodNotAllowed.mount(router, "/_security/user/:username/_has_privileges", "GET, POST");
    MethodNotAllowed.mount(router, "/_security/user/:username/_password", "POST, PUT");
    MethodNotAllowed.mount(router, "/_security/user/:username/_enable", "POST, PUT");
    MethodNotAllowed.mount(router, "/_security/user/:username/_disable", "POST, PUT");
    MethodNotAllowed.mount(router, "/_security/user/:username", "DELETE, GET, POST, PUT");
    MethodNotAllowed.mount(router, "/_security/role", "GET");
    MethodNotAllowed.mount(router, "/_security/role/:name", "DELETE, GET, POST, PUT");
  }

  private Future<HttpServer> listen(Router router) {
    HttpServerOptions options = new HttpServerOptions()
        .setHost(settings.host())
        .setPort(settings.port())
        .setMaxInitialLineLength(MAX_INITIAL_LINE_LENGTH)
        .setMaxHeaderSize(MAX_INITIAL_LINE_LENGTH)
        // HTTP/1.1 only, as Elasticsearch: an h2c upgrade would bypass the line limits above.
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout(settings.idleTimeoutSeconds());
    if (settings.sendBufferSize() > 0) {
      options.setSendBufferSize(settings.sendBufferSize());
    }
    TlsOptions.apply(settings.tls(), options);
    options.setClientAuth(TlsOptions.clientAuth(settings.tls()));
    connections = new ConnectionLimit(settings.maxConnections());
    return vertx.createHttpServer(options)
        .connectionHandler(connection -> {
          StrictFraming.install(connection, options);
          connections.handle(connection);
        })
        .requestHandler(new RequestPrecheck(router))
        .listen()
        .onSuccess(listening -> {
          server = listening;
          LOG.info(() -> "node [" + node.nodeName() + "] serving " + (options.isSsl() ? "HTTPS" : "HTTP") + " on "
              + settings.host() + ":" + listening.actualPort());
        });
  }

  /**
   * A graceful stop: no new connection is accepted, idle ones are closed, and each busy one is
   * closed once its response is sent; the event streams end cleanly (their last chunk, so a client
   * sees the stream end rather than a reset). What is still open at the deadline is closed.
   * Completes with the number of connections still open just before the deadline (cut by it).
   */
  public Future<Integer> shutdown(Duration timeout) {
    Promise<Integer> done = Promise.promise();
    context.runOnContext(ignored -> {
      if (server == null) {
        done.complete(0);
        return;
      }
      int open = connections.open();
      LOG.info(() -> "node [" + node.nodeName() + "] stopped accepting HTTP connections; " + open
          + " open, waiting up to " + timeout.toMillis() + " ms for their requests to finish");
      Future<Void> closed = server.shutdown(timeout.toMillis(), TimeUnit.MILLISECONDS);
      int streams = eventStreams.endAll();
      if (streams > 0) {
        LOG.info(() -> "node [" + node.nodeName() + "] ended " + streams + " event streams");
      }
      // Just before the deadline, what is still open is what Vert.x will cut.
      int[] cut = {0};
      long counting = vertx.setTimer(Math.max(1, timeout.toMillis() - 10), timer -> cut[0] = connections.open());
      closed.onComplete(result -> {
        vertx.cancelTimer(counting);
        done.complete(cut[0]);
      });
    });
    return done.future();
  }

  @Override
  public Future<?> stop() {
    // Its demand reports are event bus publishes: stopped before the node leaves the cluster, which a
    // publish on a stopped cluster manager fails with an unhandled RejectedExecutionException.
    traffic.stop();
    Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
    return closed.compose(done -> fanout == null ? Future.succeededFuture() : fanout.close());
  }

  static HttpFailure noHandler(RoutingContext ctx) {
    return HttpFailure.plain(400, "no handler found for uri [" + ctx.request().uri() + "] and method ["
        + ctx.request().method() + "]");
  }

  /**
   * A request with a body, refused before the body was read (401 before the body, 413 past the
   * limit): the rest of the body is read and dropped, never buffered (the read timeout bounds how
   * long), so that the client can read the answer, and the connection is closed once the request
   * has ended.
   */
  private static void closeAfterDiscardingTheBody(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    ctx.addEndHandler(answered -> {
      if (request.isEnded()) {
        request.connection().close();
        return;
      }
      request.handler(dropped -> { });
      request.endHandler(ended -> request.connection().close());
      request.resume();
    });
  }

  /** No body by its framing (RFC 9112 section 6.3): neither Transfer-Encoding nor a Content-Length above 0. */
  private static boolean declaresNoBody(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.getHeader(HttpHeaders.TRANSFER_ENCODING) == null && (length == null || length.trim().equals("0"));
  }

  private void renderFailure(RoutingContext ctx) {
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    Throwable failure = ctx.failure();
    if (!ctx.request().isEnded()) {
      if (declaresNoBody(ctx.request())) {
        // Nothing to drop: the connection stays open, so a client refused over and over (a throttled
        // guesser) costs no new connection per request.
        ctx.request().resume();
      } else {
        closeAfterDiscardingTheBody(ctx);
      }
    }
    if (failure instanceof HttpFailure httpFailure) {
      Responses.failure(ctx, httpFailure);
    } else if (failure instanceof EsException es) {
      Responses.error(ctx, es.error(), es);
    } else if (ctx.statusCode() == 413) {
      Responses.error(ctx, new EsError(413, "content_too_long_exception",
          "request body is larger than the limit of [" + settings.maxContentLength() + "] bytes"), failure);
    } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      Responses.error(ctx, EsError.badRequest("illegal_argument_exception", "the request could not be read"), null);
    } else if (ClientFailures.isClosedConnection(failure)) {
      LOG.fine(() -> "request [" + ctx.request().method() + " " + ctx.request().path() + "]: the client closed its connection");
    } else if (ClientFailures.isBadFraming(failure)) {
      LOG.fine(() -> "request [" + ctx.request().method() + " " + ctx.request().path() + "] was not valid HTTP: " + failure);
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
      Responses.error(ctx, EsError.badRequest("illegal_argument_exception",
          "the request could not be read: " + failure.getMessage()), null);
    } else {
      LOG.log(Level.WARNING, "request [" + ctx.request().method() + " " + ctx.request().path() + "] failed", failure);
      Responses.error(ctx, EsError.internal(), failure);
    }
  }
}
