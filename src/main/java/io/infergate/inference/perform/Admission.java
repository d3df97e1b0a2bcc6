package io.infergate.inference.perform;

import io.vertx.core.Future;

/**
 * Whether one more provider request of a call may be sent now. Every provider request a call
 * makes (the first, each retry, each batch) is admitted on its own, so that the provider never
 * sees more than the endpoint's rate limit.
 */
public interface Admission {

  /** Admits everything at once: endpoints without a rate limit. */
  Admission OPEN = call -> Future.succeededFuture();

  /**
   * Completes, on the caller's context, when the request may be sent; fails with the
   * Elasticsearch error the client gets when it may not (the queue is full, the endpoint was
   * deleted, the call ended while it waited).
   */
  Future<Void> admit(Call call);
}
