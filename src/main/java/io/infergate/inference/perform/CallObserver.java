package io.infergate.inference.perform;

/** What a service reports about a call's provider requests, for the endpoint's usage figures. */
public interface CallObserver {

  /** Observes nothing. */
  CallObserver NONE = new CallObserver() {
  };

  /** A request is being sent to the provider (each attempt, each batch). */
  default void providerRequest() {
  }

  /** A provider request failed: {@code cause} is the HTTP status, or {@code connection} when there was none. */
  default void providerFailed(String cause) {
  }

  /** A provider request is about to be sent again. */
  default void retrying() {
  }

  /** The provider reported how many tokens a request used. */
  default void tokensUsed(long tokens) {
  }
}
