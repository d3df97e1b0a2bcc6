package io.infergate.events;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The user name and password of a bridge frame's {@code "headers":{"authorization":"Basic ..."}}.
 * {@link #toString()} never shows the password.
 */
record BridgeCredentials(String username, String password) {

  static final String HEADER = "authorization";
  private static final String SCHEME = "Basic ";

  /** The credentials of the frame, or null when the header is absent or not readable Basic credentials. */
  static BridgeCredentials of(JsonObject frame) {
    JsonObject headers = frame == null ? null : asObject(frame.getValue("headers"));
    if (headers == null) {
      return null;
    }
    for (String name : headers.fieldNames()) {
      if (HEADER.equalsIgnoreCase(name) && headers.getValue(name) instanceof String value) {
        return parse(value);
      }
    }
    return null;
  }

  static BridgeCredentials parse(String header) {
    if (header == null || header.length() <= SCHEME.length()
        || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(SCHEME.length()).trim()),
          StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon <= 0 ? null : new BridgeCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  private static JsonObject asObject(Object value) {
    return value instanceof JsonObject object ? object : null;
  }

  @Override
  public String toString() {
    return "BridgeCredentials[username=" + username + "]";
  }
}
