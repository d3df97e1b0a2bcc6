package io.infergate.registry;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Hazelcast's futures as plain ones, without the thread hand-off Hazelcast adds. */
final class HazelcastFutures {

  private HazelcastFutures() {
  }

  /**
   * A plain future completed by whichever thread completes Hazelcast's: its own dependent stages
   * would run on the common fork-join pool, which with two cores or fewer is a new thread per
   * stage. Only quick, non-blocking work may depend on it directly; not another cluster call.
   */
  static <T> CompletableFuture<T> onCaller(CompletionStage<T> hazelcast) {
    CompletableFuture<T> plain = new CompletableFuture<>();
    hazelcast.whenCompleteAsync((value, failure) -> {
      if (failure != null) {
        plain.completeExceptionally(failure);
      } else {
        plain.complete(value);
      }
    }, Runnable::run);
    return plain;
  }
}
