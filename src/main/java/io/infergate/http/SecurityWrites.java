package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import io.infergate.bus.RegistryRequest;
import io.infergate.bus.SecurityReply;
import io.infergate.bus.SecurityRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * What the security write routes share: Elasticsearch's {@code refresh} parameter, accepted and
 * checked but without effect (a write is acknowledged once every node's view has it, which is
 * stronger than any refresh policy), and the send with the registry's default wait.
 */
final class SecurityWrites {

  static final Set<String> PARAMETERS = Set.of("refresh");
  private static final Set<String> REFRESH_VALUES = Set.of("", "true", "false", "wait_for");

  private final RegistryClient registry;

  SecurityWrites(RegistryClient registry) {
    this.registry = registry;
  }

  /** Unknown parameters refused; a {@code refresh} other than true, false or wait_for refused as Elasticsearch does. */
  static void checkParameters(RoutingContext ctx) {
    QueryParameters.requireKnown(ctx, PARAMETERS);
    String refresh = ctx.queryParams().get("refresh");
    if (refresh != null && !REFRESH_VALUES.contains(refresh)) {
      throw HttpFailure.of(EsError.illegalArgument("Unknown value for refresh: [" + refresh + "]."));
    }
  }

  /** The timeout every security write waits for the other nodes' views. */
  static long timeoutMs() {
    return RegistryRequest.DEFAULT_TIMEOUT_MS;
  }

  <T> Future<T> send(SecurityRequest request) {
    return registry.write(request, request.timeoutMs());
  }

  /**
   * A delete answered as Elasticsearch does: {@code {"found":true}} 200, or {@code {"found":false}} 404,
   * also when another node deleted the document after this node's view was read.
   */
  void delete(RoutingContext ctx, boolean exists, SecurityRequest request) {
    if (!exists) {
      Responses.json(ctx, 404, new JsonObject().put("found", false));
      return;
    }
    this.<SecurityReply.Found>send(request)
        .map(SecurityReply.Found::found)
        .recover(failure -> isNotFound(failure) ? Future.succeededFuture(false) : Future.failedFuture(failure))
        .onSuccess(found -> Responses.json(ctx, found ? 200 : 404, new JsonObject().put("found", found)))
        .onFailure(ctx::fail);
  }

  static boolean isNotFound(Throwable failure) {
    return failure instanceof EsException es && es.error().status() == 404;
  }
}
