package io.infergate.events;

import io.infergate.bus.Addresses;
import io.infergate.bus.StrictJson;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What one connection's frames mean, in the protocol of Vert.x's TCP event bus bridge: {@code ping}
 * gets a {@code pong}; {@code register} on {@link Addresses#EVENTS} subscribes when {@link BridgeGuard}
 * allows it; {@code unregister} ends the subscription; {@code send} and {@code publish} get
 * {@code access_denied}; a frame that is not a JSON object, or names a key twice, gets
 * {@code invalid_frame}. Events come from the bridge's {@link EventFanout}: only those a gateway
 * signed. Frames are answered one after another in the order they arrived, even when
 * an answer is asynchronous: a {@code ping} sent after a {@code register} is answered only once the
 * subscription has reached the cluster or been refused. Confined to the connection's context.
 */
final class BridgeSession {

  private static final Logger LOG = Logger.getLogger(EventBridge.class.getName());

  private final Context context;
  private final BridgeConnection connection;
  private final BridgeGuard guard;
  private final EventFanout events;
  private EventFanout.Listening subscription;

  /** @param events the bridge's one subscription to the events, shared by its connections */
  BridgeSession(Context context, BridgeConnection connection, BridgeGuard guard, EventFanout events) {
    this.events = events;
    this.context = context;
    this.connection = connection;
    this.guard = guard;
  }

  /**
   * Answers the frame. While an answer is being decided (a registration being authenticated), no
   * further frame is read: the next is answered after it, in the order the client sent them.
   */
  void receive(Buffer frame) {
    Future<Void> answered = answer(frame);
    if (answered.isComplete()) {
      logFailure(answered);
      return;
    }
    connection.hold(true);
    answered.onComplete(done -> onContext(() -> {
      logFailure(answered);
      connection.hold(false);
    }));
  }

  /** The connection is gone: its subscription ends, and a registration still being decided is refused. */
  void closed() {
    if (subscription != null) {
      subscription.stop();
      subscription = null;
    }
  }

  private Future<Void> answer(Buffer bytes) {
    if (connection.isClosed()) {
      return Future.succeededFuture();
    }
    JsonObject frame;
    try {
      if (!(StrictJson.decode(bytes) instanceof JsonObject object)) {
        return reply(BridgeFrames.invalid("a frame must be a JSON object"));
      }
      frame = object;
    } catch (DecodeException e) {
      String duplicate = StrictJson.duplicateKey(e);
      return reply(BridgeFrames.invalid(duplicate != null ? duplicate : StrictJson.parserMessage(e)));
    }
    String type = text(frame, "type", "message");
    if ("ping".equals(type)) {
      return reply(BridgeFrames.pong());
    }
    String address = text(frame, "address", null);
    if (address == null) {
      return reply(BridgeFrames.err("missing_address"));
    }
    return switch (type) {
      case "register" -> register(frame, address);
      case "unregister" -> unregister(address);
      case "send", "publish" -> reply(BridgeFrames.err("access_denied"));
      default -> reply(BridgeFrames.err("unknown_type"));
    };
  }

  private Future<Void> register(JsonObject frame, String address) {
    Future<Boolean> decided = guard.mayRegister(frame, address, subscription != null, connection.remoteAddress());
    return onContext(decided).compose(allowed -> {
      if (connection.isClosed()) {
        return Future.succeededFuture();
      }
      if (!allowed) {
        return reply(BridgeFrames.err("access_denied"));
      }
      connection.authenticated();
      SubscriberLag.Tracker tracker = events.lag().track(SubscriberLag.BRIDGE, String.valueOf(connection.remoteAddress()));
      EventFanout.Listening listening = events.listen(event -> {
        long sequence = event.getLong("sequence", -1L);
        tracker.writing();
        connection.deliver(BridgeFrames.message(address, event)).onComplete(done -> tracker.written(sequence));
      });
      subscription = new EventFanout.Listening() {
        @Override
        public Future<Void> ready() {
          return listening.ready();
        }

        @Override
        public void stop() {
          listening.stop();
          tracker.close();
        }
      };
      return subscription.ready();
    });
  }

  private Future<Void> unregister(String address) {
    if (!Addresses.EVENTS.equals(address)) {
      return reply(BridgeFrames.err("access_denied"));
    }
    if (subscription == null) {
      return reply(BridgeFrames.err("unknown_address"));
    }
    subscription.stop();
    subscription = null;
    return Future.succeededFuture();
  }

  private void logFailure(Future<Void> answered) {
    if (answered.failed()) {
      LOG.log(Level.WARNING, "event bridge could not answer a frame from [" + connection.remote() + "]",
          answered.cause());
    }
  }

  private Future<Void> reply(JsonObject frame) {
    connection.write(frame);
    return Future.succeededFuture();
  }

  private static String text(JsonObject frame, String key, String absent) {
    Object value = frame.getValue(key);
    return value instanceof String string ? string : absent;
  }

  /** The outcome of {@code future}, completed on the connection's context. */
  private <T> Future<T> onContext(Future<T> future) {
    Promise<T> promise = Promise.promise();
    future.onComplete(result -> onContext(() -> promise.handle(result)));
    return promise.future();
  }

  private void onContext(Runnable action) {
    if (Vertx.currentContext() == context) {
      action.run();
    } else {
      context.runOnContext(ignored -> action.run());
    }
  }
}
