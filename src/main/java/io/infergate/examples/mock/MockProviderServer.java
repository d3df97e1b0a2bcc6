package io.infergate.examples.mock;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A provider stand-in speaking OpenAI's, Cohere's and Hugging Face's wire formats with fixed answers
 * (see {@link MockModels}), and failing on request by a path prefix (see {@link MockFault}). Every
 * request is counted in {@link #stats()}, also served as {@code GET /_mock/stats}
 * ({@code DELETE /_mock/stats} resets it).
 */
public final class MockProviderServer {

  public static final int DEFAULT_DIMENSIONS = 384;

  private final Vertx vertx;
  private final long latencyMs;
  private final MockStats stats = new MockStats();
  private final Map<String, MockRoute> routes = new HashMap<>();
  private HttpServer server;

  private MockProviderServer(Vertx vertx, long latencyMs, int dimensions) {
    this.vertx = vertx;
    this.latencyMs = latencyMs;
    routes.putAll(new OpenAiMock(dimensions).routes());
    routes.putAll(new CohereMock(dimensions).routes());
    routes.putAll(new HuggingFaceMock(dimensions).routes());
  }

  /** Listens on {@code host:port} (port 0: any free port, see {@link #port()}). */
  public static Future<MockProviderServer> start(Vertx vertx, String host, int port, long latencyMs, int dimensions) {
    MockProviderServer mock = new MockProviderServer(vertx, latencyMs, dimensions);
    Router router = Router.router(vertx);
    router.get("/_mock/stats").handler(ctx -> {
      String window = ctx.queryParams().get("window_ms");
      MockJson.send(ctx, window == null ? mock.stats.toJson() : mock.stats.toJson(Long.parseLong(window)));
    });
    router.delete("/_mock/stats").handler(ctx -> {
      mock.stats.reset();
      ctx.response().setStatusCode(204).end();
    });
    router.post().handler(BodyHandler.create().setBodyLimit(64L * 1024 * 1024));
    router.post().handler(mock::serve);
    return vertx.createHttpServer().requestHandler(router).listen(port, host).map(server -> {
      mock.server = server;
      return mock;
    });
  }

  public int port() {
    return server.actualPort();
  }

  public MockStats stats() {
    return stats;
  }

  public Future<Void> close() {
    return server.close();
  }

  private void serve(RoutingContext ctx) {
    MockFault fault;
    try {
      fault = MockFault.parse(ctx.normalizedPath());
    } catch (IllegalArgumentException e) {
      ctx.response().setStatusCode(400).end(e.getMessage());
      return;
    }
    MockRoute route = routes.get(fault.path());
    if (route == null) {
      ctx.response().setStatusCode(404).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", "no mock at " + fault.path()).encode());
      return;
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (DecodeException | ClassCastException e) {
      body = null;
    }
    long nth = stats.record(ctx.normalizedPath(), fault.path(), body == null ? new JsonObject() : body, headersOf(ctx),
        bearerKey(ctx));
    JsonObject request = body;
    MockFault applied = fault.appliesTo(nth) ? fault : MockFault.none(fault.path());
    later(ctx, latencyMs, () -> answer(ctx, route, applied, request));
  }

  private void answer(RoutingContext ctx, MockRoute route, MockFault fault, JsonObject body) {
    switch (fault.kind()) {
      case DROP:
        ctx.request().connection().close();
        return;
      case GARBAGE:
        MockJson.send(ctx, new JsonObject().put("unexpected", "not the documented shape"));
        return;
      case CUT:
        OpenAiMock.streamCut(ctx);
        return;
      case STATUS:
        fail(ctx, route.dialect(), fault.status());
        return;
      case SLOW:
        later(ctx, fault.delayMs(), () -> answerValid(ctx, route, body));
        return;
      default:
        answerValid(ctx, route, body);
    }
  }

  private void answerValid(RoutingContext ctx, MockRoute route, JsonObject body) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      error(ctx, route.dialect(), 401, "You didn't provide an API key. Use the Authorization header with Bearer auth.");
      return;
    }
    if (body == null) {
      error(ctx, route.dialect(), 400, "We could not parse the JSON body of your request.");
      return;
    }
    try {
      route.answer().answer(ctx, body);
    } catch (IllegalArgumentException | ClassCastException e) {
      error(ctx, route.dialect(), 400, "Invalid request: " + e.getMessage());
    }
  }

  /** A fault's status in the path's dialect; a 429 with OpenAI's rate limit headers and Retry-After. */
  private static void fail(RoutingContext ctx, MockDialect dialect, int status) {
    if (status == 429) {
      ctx.response()
          .putHeader("x-ratelimit-limit-requests", "60")
          .putHeader("x-ratelimit-remaining-requests", "0")
          .putHeader("x-ratelimit-reset-requests", "1s")
          .putHeader("x-ratelimit-limit-tokens", "150000")
          .putHeader("x-ratelimit-remaining-tokens", "149000")
          .putHeader("x-ratelimit-reset-tokens", "400ms")
          .putHeader("Retry-After", "1");
    }
    error(ctx, dialect, status, MockDialect.message(status, bearerKey(ctx)));
  }

  private static void error(RoutingContext ctx, MockDialect dialect, int status, String message) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
        .end(dialect.error(status, message).encode());
  }

  /** Runs {@code answer} after {@code delayMs}, unless the client closed the connection meanwhile. */
  private void later(RoutingContext ctx, long delayMs, Runnable answer) {
    if (delayMs <= 0) {
      answer.run();
      return;
    }
    long timer = vertx.setTimer(delayMs, id -> {
      if (!ctx.response().closed()) {
        answer.run();
      }
    });
    ctx.response().closeHandler(closed -> {
      if (vertx.cancelTimer(timer)) {
        stats.disconnected();
      }
    });
  }

  private static String bearerKey(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
  }

  private static Map<String, String> headersOf(RoutingContext ctx) {
    Map<String, String> headers = new HashMap<>();
    ctx.request().headers().forEach(header -> {
      if (!header.getKey().equalsIgnoreCase("Authorization")) {
        headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue());
      }
    });
    return headers;
  }
}
