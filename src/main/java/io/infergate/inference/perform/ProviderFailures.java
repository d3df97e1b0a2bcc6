package io.infergate.inference.perform;

import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The Elasticsearch errors of a failed provider call, with Elasticsearch's messages. The
 * provider's own message is kept (clients read it) but passed through {@link #redact} first:
 * providers echo parts of a wrong key back ("Incorrect API key provided: sk-ab***yz").
 */
public final class ProviderFailures {

  private static final int MAX_PROVIDER_MESSAGE = 1000;
  private static final int SECRET_EDGE = 4;

  private ProviderFailures() {
  }

  /**
   * The error for a provider's non-2xx answer: {@code status_exception} with the provider's status
   * when below 500, else 400, as Elasticsearch does.
   *
   * @param providerMessage the message parsed from the provider's error body, or null
   * @param secrets the endpoint's secret values, kept out of the message
   */
  public static EsException forStatus(String inferenceId, String url, int status, String providerMessage,
      Collection<String> secrets) {
    String prefix = switch (status) {
      case 429 -> "Received a rate limit status code";
      case 401 -> "Received an authentication error status code";
      case 403 -> "Received a permission denied error status code";
      case 400 -> "Received a bad request status code";
      case 404 -> "Resource not found at [" + url + "]";
      default -> status >= 500 ? "Received a server error status code" : "Received an unsuccessful status code";
    };
    String reason = prefix + " for request from inference entity id [" + inferenceId + "] status [" + status + "]";
    if (providerMessage != null && !providerMessage.isBlank()) {
      reason += ". Error message: [" + redact(providerMessage, secrets) + "]";
    }
    return EsError.statusException(status < 500 ? status : 400, reason).toException();
  }

  /** The host could not be reached (refused, unknown, TLS failure). */
  public static EsException unreachable(String url) {
    return EsError.statusException(400, "Invalid host [" + url + "], please check that the URL is correct.").toException();
  }

  /** The provider answered 2xx with something that is not the documented response. */
  public static EsException unreadable(String inferenceId, String what) {
    return EsError.statusException(400, "Failed to parse the response from the provider for inference entity id ["
        + inferenceId + "]: " + what).toException();
  }

  /** The request did not complete within its timeout. */
  public static EsException timedOut(String inferenceId, long timeoutMs) {
    return new EsError(429, "timeout_exception", "Request timed out after [" + TimeFormat.of(timeoutMs)
        + "] for inference id [" + inferenceId + "]").toException();
  }

  /** The request's timeout passed while it waited in its endpoint's queue for the rate limit. */
  public static EsException timedOutWaiting(long timeoutMs) {
    return new EsError(429, "timeout_exception", "Request timed out waiting to be sent after ["
        + TimeFormat.of(timeoutMs) + "]").toException();
  }

  /**
   * Removes from {@code message} every word that contains a secret, its first or last four
   * characters, or a run of {@code ***} (a provider's masked key), and bounds its length.
   */
  public static String redact(String message, Collection<String> secrets) {
    List<String> fragments = new ArrayList<>();
    for (String secret : secrets) {
      if (secret == null || secret.isEmpty()) {
        continue;
      }
      fragments.add(secret);
      if (secret.length() > 2 * SECRET_EDGE) {
        fragments.add(secret.substring(0, SECRET_EDGE));
        fragments.add(secret.substring(secret.length() - SECRET_EDGE));
      }
    }
    String bounded = message.length() > MAX_PROVIDER_MESSAGE
        ? message.substring(0, MAX_PROVIDER_MESSAGE) + "... (truncated)" : message;
    StringBuilder out = new StringBuilder(bounded.length());
    for (String word : bounded.split("(?<=\\s)|(?=\\s)")) {
      out.append(revealsSecret(word, fragments) ? "[REDACTED]" : word);
    }
    return out.toString();
  }

  private static boolean revealsSecret(String word, List<String> fragments) {
    if (word.contains("***")) {
      return true;
    }
    String lower = word.toLowerCase(Locale.ROOT);
    for (String fragment : fragments) {
      if (lower.contains(fragment.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  /** Elasticsearch's short time values: 30s, 2m, 1500ms. */
  static final class TimeFormat {
    private TimeFormat() {
    }

    static String of(long millis) {
      if (millis % 3_600_000 == 0 && millis > 0) {
        return millis / 3_600_000 + "h";
      }
      if (millis % 60_000 == 0 && millis > 0) {
        return millis / 60_000 + "m";
      }
      if (millis % 1000 == 0 && millis > 0) {
        return millis / 1000 + "s";
      }
      return millis + "ms";
    }
  }
}
