package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.security.ApiKeyRejectedException;
import io.infergate.security.AuthenticatedUser;
import io.infergate.security.AuthenticationFailedException;
import io.infergate.security.AuthenticationThrottledException;
import io.infergate.security.SecurityService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;

/**
 * Authentication of every request: HTTP Basic (the file realm, then the native realm) or an
 * Elasticsearch API key; bearer tokens are refused (Infergate has no token service). The 401s are
 * worded as Elasticsearch words them, and a 429 with {@code Retry-After} answers while earlier
 * failures throttle the client.
 */
final class AuthenticationHandler implements Handler<RoutingContext> {

  static final String WWW_AUTHENTICATE = "Basic realm=\"security\", charset=\"UTF-8\"";
  /** The challenges of a 401: Basic first (what browsers and older clients read), then API keys. */
  static final List<String> CHALLENGES = List.of(WWW_AUTHENTICATE, "ApiKey");
  private static final String USER_KEY = "infergate.user";
  private static final String WITH_CREDENTIALS =
      "unable to authenticate with provided credentials and anonymous access is not allowed for this request";

  private final SecurityService security;
  private final AuthenticationFailures failures;
  private final ScrapeAddresses scrapeAddresses;

  AuthenticationHandler(SecurityService security, AuthenticationFailures failures, ScrapeAddresses scrapeAddresses) {
    this.security = security;
    this.failures = failures;
    this.scrapeAddresses = scrapeAddresses;
  }

  static AuthenticatedUser user(RoutingContext ctx) {
    return ctx.get(USER_KEY);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ConsoleHandler.isPublicAsset(ctx)) {
      // The console's static files hold no data; the calls the page makes are authenticated.
      ctx.next();
      return;
    }
    if (ProbeHandler.isProbe(ctx)) {
      // A load balancer's probe carries no credentials; the answer is a status and {} only.
      ctx.next();
      return;
    }
    String uri = ctx.request().uri();
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    SocketAddress client = ctx.request().remoteAddress();
    if (header == null && PrometheusHandler.isScrape(ctx) && scrapeAddresses.allows(client)) {
      // metrics.scrape_addresses: the scraper's own socket address, no user (PrometheusHandler checks again).
      ctx.next();
      return;
    }
    Credentials credentials = Credentials.parse(header);
    Future<AuthenticatedUser> authenticated;
    if (credentials instanceof Credentials.Basic basic) {
      authenticated = security.authenticate(basic.username(), basic.password(), client);
    } else if (credentials instanceof Credentials.ApiKey key) {
      if (key.id() == null) {
        failures.apiKeyRejected();
        ctx.fail(unsuccessful("API key: invalid ApiKey value"));
        return;
      }
      authenticated = security.authenticateApiKey(key.id(), key.secret());
    } else if (credentials instanceof Credentials.Bearer) {
      failures.bearerRejected();
      ctx.fail(unsuccessful("oauth2 token: invalid token"));
      return;
    } else {
      failures.missing();
      ctx.fail(unauthorized("missing authentication credentials for REST request [" + uri + "]"));
      return;
    }
    authenticated.onComplete(result -> {
      if (result.succeeded()) {
        ctx.put(USER_KEY, result.result());
        ctx.next();
      } else if (result.cause() instanceof AuthenticationFailedException failed) {
        failures.basicRejected();
        ctx.fail(unauthorized("unable to authenticate user [" + failed.username() + "] for REST request [" + uri + "]"));
      } else if (result.cause() instanceof ApiKeyRejectedException rejected) {
        failures.apiKeyRejected();
        ctx.fail(unsuccessful("API key: " + rejected.getMessage()));
      } else if (result.cause() instanceof AuthenticationThrottledException throttled) {
        failures.throttled();
        ctx.fail(HttpFailure.of(throttled.error(),
            Map.of("Retry-After", String.valueOf(throttled.retryAfterSeconds()))));
      } else {
        ctx.fail(result.cause());
      }
    });
  }

  private static HttpFailure unauthorized(String reason) {
    EsError error = new EsError(401, "security_exception", reason);
    return HttpFailure.of(error, error.toEnvelope(), Map.of("WWW-Authenticate", CHALLENGES));
  }

  /**
   * Credentials were offered and refused: Elasticsearch's generic reason, with what was wrong with
   * them in {@code additional_unsuccessful_credentials} ("API key: api key is expired").
   */
  private static HttpFailure unsuccessful(String detail) {
    EsError error = new EsError(401, "security_exception", WITH_CREDENTIALS);
    JsonObject envelope = error.toEnvelope();
    JsonObject body = envelope.getJsonObject("error");
    body.put("additional_unsuccessful_credentials", detail);
    body.getJsonArray("root_cause").getJsonObject(0).put("additional_unsuccessful_credentials", detail);
    return HttpFailure.of(error, envelope, Map.of("WWW-Authenticate", CHALLENGES));
  }
}
