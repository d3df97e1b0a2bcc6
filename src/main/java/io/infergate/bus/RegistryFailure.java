package io.infergate.bus;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * A registry request that failed, as its requester receives it: the registry replies with this
 * object (not with {@code message.fail(code, text)}), so the {@link EsError} arrives whole, on this
 * node by reference and across nodes in its wire form ({@link EsError#toJson()}), and nobody ever
 * parses a failure back out of a message text.
 */
public final class RegistryFailure extends ReplyException {

  private final EsError error;

  public RegistryFailure(EsError error) {
    super(ReplyFailure.RECIPIENT_FAILURE, error.status(), error.reason(), true);
    this.error = error;
  }

  public EsError error() {
    return error;
  }
}
