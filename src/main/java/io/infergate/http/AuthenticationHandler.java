package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.security.AuthenticatedUser;
import io.infergate.security.AuthenticationFailedException;
import io.infergate.security.SecurityService;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/** HTTP Basic authentication against the security service; 401s exactly as Elasticsearch words them. */
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
    String[] credentials = basicCredentials(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
    if (credentials == null) {
      ctx.fail(unauthorized("missing authentication credentials for REST request [" + uri + "]"));
      return;
    }
    security.authenticate(credentials[0], credentials[1]).onComplete(result -> {
      if (result.succeeded()) {
        ctx.put(USER_KEY, result.result());
        ctx.next();
      } else if (result.cause() instanceof AuthenticationFailedException) {
        ctx.fail(unauthorized("unable to authenticate user [" + credentials[0] + "] for REST request [" + uri + "]"));
      } else {
        ctx.fail(result.cause());
      }
    });
  }

  /** {@code [username, password]}, or null when the header is absent or not readable Basic credentials. */
  private static String[] basicCredentials(String header) {
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon <= 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  private static HttpFailure unauthorized(String reason) {
    return HttpFailure.of(new EsError(401, "security_exception", reason),
        Map.of("WWW-Authenticate", WWW_AUTHENTICATE));
  }
}
