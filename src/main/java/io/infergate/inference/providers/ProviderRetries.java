package io.infergate.inference.providers;

import io.infergate.inference.perform.Call;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * Runs a provider request's attempts under a {@link RetryPolicy}: a {@link RetryableFailure} is
 * tried again on a timer (no thread waits), any other failure is final. Within the {@link Call}:
 * a retry whose wait would end after the deadline is not started (the request fails with the
 * timeout error at once), and a cancelled call cancels the pending timer, so a client that left
 * causes no further provider request.
 */
final class ProviderRetries {

  private final Vertx vertx;
  private final RetryPolicy policy;

  ProviderRetries(Vertx vertx, RetryPolicy policy) {
    this.vertx = vertx;
    this.policy = policy;
  }

  /** The first attempt's result, or a retry's; the last attempt's error when all failed. */
  <T> Future<T> run(ProviderTarget target, Call call, Supplier<Future<T>> attempt) {
    Promise<T> outcome = Promise.promise();
    attempt(target, call, attempt, 0, outcome);
    return outcome.future();
  }

  private <T> void attempt(ProviderTarget target, Call call, Supplier<Future<T>> attempt, int retries,
      Promise<T> outcome) {
    attempt.get().onComplete(done -> {
      if (done.succeeded()) {
        outcome.tryComplete(done.result());
      } else if (!(done.cause() instanceof RetryableFailure failure)) {
        outcome.tryFail(done.cause());
      } else if (!policy.allowsRetry(retries)) {
        outcome.tryFail(failure.error());
      } else {
        retryLater(target, call, attempt, retries + 1, policy.delayMs(retries + 1, failure.retryAfterMs()), outcome);
      }
    });
  }

  private <T> void retryLater(ProviderTarget target, Call call, Supplier<Future<T>> attempt, int retry, long delayMs,
      Promise<T> outcome) {
    if (!call.hasTimeFor(delayMs)) {
      outcome.tryFail(TransportFailures.of(target, new TransportFailures.DeadlinePassed()));
      return;
    }
    long timer = vertx.setTimer(delayMs, fired -> {
      call.observer().retrying();
      attempt(target, call, attempt, retry, outcome);
    });
    call.onCancel(() -> {
      if (vertx.cancelTimer(timer)) {
        outcome.tryFail(TransportFailures.of(target, new TransportFailures.CallCancelled()));
      }
    });
  }
}
