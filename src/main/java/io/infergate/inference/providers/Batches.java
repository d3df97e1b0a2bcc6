package io.infergate.inference.providers;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Sends inputs beyond a provider's batch size as several requests, one after the other (a provider
 * that rate-limits sees one request of ours at a time per call), and joins their results in input
 * order. A cancelled call stops at the next batch: {@link ProviderHttp} refuses to send it.
 */
final class Batches {

  private Batches() {
  }

  static <T> Future<List<T>> inOrder(List<String> inputs, int batchSize, Function<List<String>, Future<List<T>>> send) {
    return next(inputs, 0, batchSize, send, new ArrayList<>(inputs.size()));
  }

  private static <T> Future<List<T>> next(List<String> inputs, int from, int batchSize,
      Function<List<String>, Future<List<T>>> send, List<T> results) {
    if (from >= inputs.size()) {
      return Future.succeededFuture(results);
    }
    List<String> batch = inputs.subList(from, Math.min(inputs.size(), from + batchSize));
    return send.apply(batch).compose(batchResults -> {
      results.addAll(batchResults);
      return next(inputs, from + batchSize, batchSize, send, results);
    });
  }
}
