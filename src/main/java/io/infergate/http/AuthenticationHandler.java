package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.security.AuthenticatedUser;
import io.infergate.security.AuthenticationFailedException;
import io.infergate.security.AuthenticationThrottledException;
import io.infergate.security.SecurityService;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * HTTP Basic authentication against the security service; 401s exactly as Elasticsearch words them,
 * and 429 with {@code Retry-After} while failures from the client's address throttle it.
 */
final class AuthenticationHandler implements Handler<RoutingContext> {

  static final String WWW_AUTHENTICATE = "Basic realm=\"security\", charset=\"UTF-8\"";
  private static final String USER_KEY = "infergate.user";

  private final SecurityService security;

  AuthenticationHandler(SecurityService security) {
    this.security = security;
  }

  static AuthenticatedUser user(RoutingContext ctx) {
    return ctx.get(USER_KEY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    String uri = ctx.request().uri();
    BasicCredentials credentials = BasicCredentials.parse(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
    if (credentials == null) {
      ctx.fail(unauthorized("missing authentication credentials for REST request [" + uri + "]"));
      return;
    }
    SocketAddress client = ctx.request().remoteAddress();
    security.authenticate(credentials.username(), credentials.password(), client).onComplete(result -> {
      if (result.succeeded()) {
        ctx.put(USER_KEY, result.result());
        ctx.next();
      } else if (result.cause() instanceof AuthenticationFailedException) {
        ctx.fail(unauthorized("unable to authenticate user [" + credentials.username() + "] for REST request [" + uri + "]"));
      } else if (result.cause() instanceof AuthenticationThrottledException throttled) {
        ctx.fail(HttpFailure.of(throttled.error(),
            Map.of("Retry-After", String.valueOf(throttled.retryAfterSeconds()))));
      } else {
        ctx.fail(result.cause());
      }
    });
  }

  private static HttpFailure unauthorized(String reason) {
    return HttpFailure.of(new EsError(401, "security_exception", reason),
        Map.of("WWW-Authenticate", WWW_AUTHENTICATE));
  }
}
