package io.infergate.inference.providers;

import io.infergate.bus.EsError;
import io.infergate.bus.EsException;
import io.infergate.inference.perform.ProviderFailures;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/** The Elasticsearch error for a provider request that failed below HTTP, or was stopped by us. */
final class TransportFailures {

  /** The call's deadline passed before the provider answered. */
  static final class DeadlinePassed extends RuntimeException {
    DeadlinePassed() {
      super("deadline passed", null, false, false);
    }
  }

  /** The call was cancelled: its client is gone. */
  static final class CallCancelled extends RuntimeException {
    CallCancelled() {
      super("call cancelled", null, false, false);
    }
  }

  private TransportFailures() {
  }

  /**
   * Whether {@code failure} is the connection failing (refused, reset, closed by the other side: an
   * I/O error, as Elasticsearch counts it) rather than the request or a setting. An unknown host, a
   * TLS failure, no route or a bad URL is a setting to fix, which a second attempt does not change;
   * a read timeout is not an I/O error here.
   */
  static boolean isConnectionFailure(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnknownHostException || cause instanceof SSLException
          || cause instanceof NoRouteToHostException || cause instanceof MalformedURLException) {
        return false;
      }
      if (cause instanceof IOException || cause instanceof HttpClosedException) {
        return true;
      }
    }
    return false;
  }

  static EsException of(ProviderTarget target, Throwable failure) {
    if (failure instanceof EsException es) {
      return es;
    }
    if (failure instanceof DeadlinePassed) {
      return ProviderFailures.timedOut(target.inferenceId(), target.timeoutMs());
    }
    if (failure instanceof CallCancelled) {
      return new EsError(400, "task_cancelled_exception", "The request for inference id [" + target.inferenceId()
          + "] was cancelled").toException();
    }
    if (failure instanceof UnreadableResponse) {
      return ProviderFailures.unreadable(target.inferenceId(), failure.getMessage());
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException || cause instanceof UnknownHostException
          || cause instanceof NoRouteToHostException || cause instanceof SSLException
          || cause instanceof MalformedURLException) {
        return ProviderFailures.unreachable(target.url());
      }
    }
    // A dropped connection or a read timeout is the provider's failure, not ours: a 400 like its 5xx
    // answers, never a 500 that would read as a fault of the gateway.
    return EsError.statusException(400, "Http client failed to send request from inference entity id ["
        + target.inferenceId() + "]: the provider closed the connection or stopped answering").toException();
  }
}
