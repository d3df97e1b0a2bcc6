package io.infergate.bus;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.CompletionException;

/**
 * How registry failures travel: {@code message.fail(status, EsError-as-JSON)}, and how a sender
 * turns any failed request back into an {@link EsError}.
 *
 * <p>Successful replies are JSON bodies in Elasticsearch's shapes: the endpoint object for a put,
 * {@code {"endpoints":[...]}} for a get, and {@code {"acknowledged":...,"pipelines":[],"indexes":[]}}
 * (plus {@code "error_message"} on a dry run) for a delete.
 */
public final class RegistryReplies {

  private RegistryReplies() {
  }

  public static void fail(Message<?> message, EsError error) {
    message.fail(error.status(), error.toJson().encode());
  }

  public static EsError toError(Throwable failure) {
    if (failure instanceof CompletionException wrapped && wrapped.getCause() != null) {
      return toError(wrapped.getCause());
    }
    if (failure instanceof EsException es) {
      return es.error();
    }
    if (failure instanceof ReplyException reply) {
      if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
        EsError decoded = decode(reply.getMessage());
        if (decoded != null) {
          return decoded;
        }
      }
      if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
        return new EsError(503, "unavailable_exception", "the inference registry is not available on this node");
      }
      if (reply.failureType() == ReplyFailure.TIMEOUT) {
        return new EsError(503, "process_cluster_event_timeout_exception",
            "the inference registry did not answer in time");
      }
    }
    return new EsError(500, "exception", String.valueOf(failure.getMessage()));
  }

  private static EsError decode(String message) {
    if (message == null || !message.startsWith("{")) {
      return null;
    }
    try {
      JsonObject json = new JsonObject(message);
      return json.containsKey("type") && json.containsKey("status") ? EsError.fromJson(json) : null;
    } catch (DecodeException e) {
      return null;
    }
  }
}
