package io.infergate.events;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/** The frames the bridge writes, in the shape of Vert.x's TCP event bus bridge. */
final class BridgeFrames {

  private BridgeFrames() {
  }

  /** The bytes on the wire: a 4-byte big-endian length, then the JSON. */
  static Buffer encode(JsonObject frame) {
    Buffer json = frame.toBuffer();
    return Buffer.buffer(4 + json.length()).appendInt(json.length()).appendBuffer(json);
  }

  static JsonObject pong() {
    return new JsonObject().put("type", "pong");
  }

  /** {@code {"type":"err","message":...}}: Vert.x's codes, such as {@code access_denied} or {@code unknown_type}. */
  static JsonObject err(String message) {
    return new JsonObject().put("type", "err").put("message", message);
  }

  /** A frame refused as it is: not a JSON object, or a key named twice; {@code reason} says what and where. */
  static JsonObject invalid(String reason) {
    return err("invalid_frame").put("reason", reason);
  }

  /**
   * An event received on a subscribed address, as Vert.x's bridge delivers a published message (no
   * reply address: none is allowed; no headers: the event's tag is the only one, and a client has no
   * key to check it with).
   */
  static JsonObject message(String address, JsonObject event) {
    return new JsonObject().put("type", "message").put("address", address).put("headers", new JsonObject())
        .put("body", event).put("send", false);
  }
}
