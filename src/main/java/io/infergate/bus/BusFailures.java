package io.infergate.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.concurrent.CompletionException;

/** Turns whatever a registry request failed with into the {@link EsError} to show its sender. */
public final class BusFailures {

  private BusFailures() {
  }

  /**
   * The registry's own failure as it sent it; 503 when no registry answered; for anything else
   * the generic internal error, so that no exception text (SQL, Hazelcast) reaches a client.
   */
  public static EsError toError(Throwable failure) {
    if (failure instanceof CompletionException wrapped && wrapped.getCause() != null) {
      return toError(wrapped.getCause());
    }
    if (failure instanceof RegistryFailure registry) {
      return registry.error();
    }
    if (failure instanceof EsException es) {
      return es.error();
    }
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
        return new EsError(503, "unavailable_exception", "the inference registry is not available on this node");
      }
      if (reply.failureType() == ReplyFailure.TIMEOUT) {
        return new EsError(503, "process_cluster_event_timeout_exception",
            "the inference registry did not answer in time");
      }
    }
    return EsError.internal();
  }

  /** True when the failure is one of ours that a client should see as it is (not an internal error). */
  public static boolean isExpected(Throwable failure) {
    return failure instanceof RegistryFailure || failure instanceof EsException
        || failure instanceof CompletionException wrapped && isExpected(wrapped.getCause());
  }
}
