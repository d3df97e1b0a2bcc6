package io.infergate.inference.providers;

import io.vertx.core.http.HttpClientRequest;

/**
 * One provider request that can be aborted from any thread, before or after its connection is
 * there: an abort resets the request (closing its HTTP/1 connection), a finished request is left
 * alone so that its connection goes back to the pool.
 */
final class InFlightRequest {

  private HttpClientRequest request;
  private Throwable abortedBy;
  private boolean finished;

  /** Takes the request once it has a connection; resets it at once when the call was aborted meanwhile. */
  void started(HttpClientRequest started) {
    Throwable reason;
    synchronized (this) {
      reason = abortedBy;
      if (reason == null) {
        request = started;
        return;
      }
    }
    started.reset(0, reason);
  }

  /** Aborts unless finished; true when this call aborted it. */
  boolean abort(Throwable reason) {
    HttpClientRequest toReset;
    synchronized (this) {
      if (finished || abortedBy != null) {
        return false;
      }
      abortedBy = reason;
      toReset = request;
    }
    if (toReset != null) {
      toReset.reset(0, reason);
    }
    return true;
  }

  /** Why it was aborted, or null: the request's own failure after an abort is only the reset's echo. */
  synchronized Throwable abortedBy() {
    return abortedBy;
  }

  synchronized void finish() {
    finished = true;
    request = null;
  }
}
