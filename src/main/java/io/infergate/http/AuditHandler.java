package io.infergate.http;

import io.infergate.audit.AuditLog;
import io.infergate.security.AuthenticatedUser;
import io.infergate.security.ClusterAction;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.UUID;

/**
 * Writes one audit line for every management request under {@code /_inference} (create, update,
 * delete, dry run, references) and every change of users, roles and API keys under
 * {@code /_security}, once its response is sent: accepted or refused (401, 403, 409 and any other
 * failure). Reads are not audited. Secrets never appear: no body is recorded.
 */
final class AuditHandler implements Handler<RoutingContext> {

  static final String ERROR_TYPE_KEY = "infergate.error.type";
  /** Where the API key route leaves the id of a key it created, for the trail. */
  static final String API_KEY_ID_KEY = "infergate.audit.api_key_id";
  private static final int MAX_FIELD_LENGTH = 256;

  private final AuditLog log;
  private final NodeIdentity node;
  private final Clock clock;

  AuditHandler(AuditLog log, NodeIdentity node, Clock clock) {
    this.log = log;
    this.node = node;
    this.clock = clock;
  }

  @Override
  public void handle(RoutingContext ctx) {
    HttpMethod method = ctx.request().method();
    String rawPath = ctx.request().path();
    if (ConsoleHandler.isConsolePath(rawPath) && ConsoleHandler.isConsolePath(ctx.normalizedPath())) {
      // The console's files are not management requests (anything but GET and HEAD there is a 405).
      ctx.next();
      return;
    }
    boolean change = method != HttpMethod.GET && method != HttpMethod.HEAD;
    if (change && InferencePath.matches(rawPath)) {
      InferencePath path = parseQuietly(rawPath);
      if (!isPerform(method, path)) {
        record(ctx, requestId -> entry(ctx, method, path, requestId));
      }
    } else if (change) {
      ClusterAction action = SecurityChanges.action(method, rawPath);
      if (action != null) {
        record(ctx, requestId -> securityEntry(ctx, action, rawPath, requestId));
      }
    }
    ctx.next();
  }

  private void record(RoutingContext ctx, java.util.function.Function<String, JsonObject> entry) {
    String requestId = requestId(ctx);
    ctx.response().putHeader("X-Request-Id", requestId);
    ctx.addEndHandler(ended -> log.record(entry.apply(requestId)));
  }

  /**
   * A change of users, roles or API keys: who, what, on which name ({@code security_subject}, the user
   * or role of the path) and, for a new key, its id; never a body, a password or a key.
   */
  private JsonObject securityEntry(RoutingContext ctx, ClusterAction action, String rawPath, String requestId) {
    int[] truncations = {0};
    JsonObject entry = common(ctx, requestId, truncations).put("action", action.actionName());
    String subject = SecurityChanges.subject(rawPath);
    if (subject != null) {
      entry.put("security_subject", bounded(subject, truncations));
    }
    String keyId = ctx.get(API_KEY_ID_KEY);
    if (keyId != null) {
      entry.put("created_api_key_id", keyId);
    }
    return finish(ctx, entry, truncations);
  }

  private JsonObject entry(RoutingContext ctx, HttpMethod method, InferencePath path, String requestId) {
    int[] entryTruncations = {0};
    JsonObject entry = common(ctx, requestId, entryTruncations);
    ClusterAction action = action(method, path);
    entry.put("action", action == null ? null : action.actionName());
    if (path != null && path.id() != null) {
      String id = path.id();
      entry.put("inference_id", bounded(id, entryTruncations));
    }
    if (path != null && path.holder() != null) {
      entry.put("holder", bounded(path.holder(), entryTruncations));
    }
    boolean dryRun = "true".equals(ctx.queryParams().get("dry_run")) || "".equals(ctx.queryParams().get("dry_run"));
    if (dryRun) {
      entry.put("dry_run", true);
    }
    return finish(ctx, entry, entryTruncations);
  }

  /** When, where, which request, and who made it (or who tried to). */
  private JsonObject common(RoutingContext ctx, String requestId, int[] truncations) {
    JsonObject entry = new JsonObject()
        .put("@timestamp", clock.instant().toString())
        .put("node", node.nodeName())
        .put("request_id", requestId)
        .put("method", ctx.request().method().name())
        .put("uri", bounded(ctx.request().path(), truncations));
    AuthenticatedUser user = AuthenticationHandler.user(ctx);
    if (user != null) {
      entry.put("principal", user.username()).put("realm", user.realmName());
      if (user.isApiKey()) {
        entry.put("api_key_id", user.apiKey().id());
      }
    } else {
      Credentials attempted = Credentials.parse(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
      entry.putNull("principal").put("attempted_principal", attempted instanceof Credentials.Basic basic
          ? bounded(basic.username(), truncations) : null);
      if (attempted instanceof Credentials.ApiKey key && key.id() != null) {
        entry.put("attempted_api_key_id", bounded(key.id(), truncations));
      }
    }
    return entry;
  }

  /** The outcome: status, result, error type, and whether a field was cut. */
  private JsonObject finish(RoutingContext ctx, JsonObject entry, int[] truncations) {
    int status = ctx.response().getStatusCode();
    entry.put("status", status).put("result", result(status));
    if (truncations[0] > 0) {
      entry.put("truncated", true);
    }
    String errorType = ctx.get(ERROR_TYPE_KEY);
    if (errorType != null) {
      entry.put("error_type", errorType);
    }
    return entry;
  }

  /** Performing inference reads the registry and changes nothing: the trail records changes only. */
  private static boolean isPerform(HttpMethod method, InferencePath path) {
    return method == HttpMethod.POST && path != null
        && (path.kind() == InferencePath.Kind.STREAM || path.kind() == InferencePath.Kind.ENDPOINT);
  }

  /**
   * A client-chosen value cut to {@value #MAX_FIELD_LENGTH} characters (the line says so): an
   * unauthenticated client must not be able to write kilobytes to the trail per request.
   */
  private static String bounded(String value, int[] truncations) {
    if (value.length() <= MAX_FIELD_LENGTH) {
      return value;
    }
    truncations[0]++;
    return value.substring(0, MAX_FIELD_LENGTH) + "...";
  }

  private static ClusterAction action(HttpMethod method, InferencePath path) {
    if (path == null) {
      return null;
    }
    return switch (path.kind()) {
      case UPDATE -> ClusterAction.UPDATE;
      case REFERENCE -> ClusterAction.REFERENCE;
      case ENDPOINT -> method == HttpMethod.PUT ? ClusterAction.PUT : method == HttpMethod.DELETE
          ? ClusterAction.DELETE : null;
      default -> null;
    };
  }

  private static String result(int status) {
    if (status < 300) {
      return "success";
    }
    return switch (status) {
      case 401 -> "authentication_failed";
      case 403 -> "access_denied";
      case 409 -> "conflict";
      default -> "failure";
    };
  }

  private static InferencePath parseQuietly(String rawPath) {
    try {
      return InferencePath.parse(rawPath);
    } catch (RuntimeException invalid) {
      return null;
    }
  }

  private static String requestId(RoutingContext ctx) {
    String opaque = ctx.request().getHeader("X-Opaque-Id");
    return opaque != null && !opaque.isBlank() && opaque.length() <= 128 ? opaque : UUID.randomUUID().toString();
  }
}
