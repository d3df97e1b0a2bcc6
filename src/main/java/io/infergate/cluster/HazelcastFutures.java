package io.infergate.cluster;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The one way back from Hazelcast to Vert.x: every asynchronous Hazelcast call becomes a Vert.x
 * future completed on the caller's context. Nothing in the gateway blocks on a Hazelcast future.
 */
public final class HazelcastFutures {

  private HazelcastFutures() {
  }

  /**
   * Completes on {@code context} whatever Hazelcast's future completes with. The hand-off is made
   * directly from the thread that completes it: Hazelcast would otherwise run a dependent stage on
   * the common fork-join pool, which with two cores or fewer starts a new thread per stage.
   */
  public static <T> Future<T> onContext(CompletionStage<T> hazelcast, Context context) {
    Promise<T> promise = Promise.promise();
    hazelcast.whenCompleteAsync((value, failure) -> context.runOnContext(ignored -> {
      if (failure != null) {
        promise.fail(failure instanceof CompletionException wrapped && wrapped.getCause() != null
            ? wrapped.getCause() : failure);
      } else {
        promise.complete(value);
      }
    }), Runnable::run);
    return promise.future();
  }
}
