package io.infergate.security;

/**
 * An {@code Authorization: ApiKey} credential was not accepted; {@code reason} says why in
 * Elasticsearch's words ("api key is expired", "api key has been invalidated", ...), never the secret.
 */
public final class ApiKeyRejectedException extends RuntimeException {

  public ApiKeyRejectedException(String reason) {
    // No stack trace: rejected keys are an expected, possibly high-volume outcome.
    super(reason, null, false, false);
  }
}
