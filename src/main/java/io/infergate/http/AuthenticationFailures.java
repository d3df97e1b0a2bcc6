package io.infergate.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code infergate_authentication_failures_total}: refused authentications by the kind of credential
 * offered and why, never by user name or key id (a guesser would choose the series). The counters are
 * made once, so counting a failure allocates nothing.
 */
final class AuthenticationFailures {

  static final String NAME = "infergate.authentication.failures";

  private final Counter missing;
  private final Counter basicRejected;
  private final Counter apiKeyRejected;
  private final Counter bearerRejected;
  private final Counter throttled;

  AuthenticationFailures(MeterRegistry registry) {
    missing = counter(registry, "none", "missing");
    basicRejected = counter(registry, "basic", "rejected");
    apiKeyRejected = counter(registry, "api_key", "rejected");
    bearerRejected = counter(registry, "bearer", "rejected");
    throttled = counter(registry, "basic", "throttled");
  }

  private static Counter counter(MeterRegistry registry, String credential, String reason) {
    return Counter.builder(NAME).description("Requests refused by authentication")
        .tag("credential", credential).tag("reason", reason).register(registry);
  }

  void missing() {
    missing.increment();
  }

  void basicRejected() {
    basicRejected.increment();
  }

  void apiKeyRejected() {
    apiKeyRejected.increment();
  }

  void bearerRejected() {
    bearerRejected.increment();
  }

  void throttled() {
    throttled.increment();
  }
}
