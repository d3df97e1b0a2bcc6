package io.infergate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * A user of the native realm as the registry keeps it. {@code passwordHash} is the hash (bcrypt, or
 * a {@code password_hash} as given); it never leaves the node's view in plaintext: the registry seals it
 * before it enters a map, the store or an event. In a {@link SecurityRequest.PutUser} a null hash
 * keeps the existing user's password.
 */
public record NativeUser(String username, String passwordHash, List<String> roles, String fullName, String email,
    JsonObject metadata, boolean enabled) {

  public NativeUser {
    Objects.requireNonNull(username, "username");
    roles = List.copyOf(roles);
    metadata = metadata == null ? new JsonObject() : metadata.copy();
  }

  public NativeUser withPasswordHash(String hash) {
    return new NativeUser(username, hash, roles, fullName, email, metadata, enabled);
  }

  public NativeUser withEnabled(boolean enabled) {
    return new NativeUser(username, passwordHash, roles, fullName, email, metadata, enabled);
  }

  /** The user as {@code GET /_security/user} shows it: never the hash. */
  public JsonObject toJson() {
    return new JsonObject().put("username", username).put("roles", new JsonArray(roles))
        .put("full_name", fullName).put("email", email).put("metadata", metadata.copy()).put("enabled", enabled);
  }

  @Override
  public String toString() {
    return "NativeUser[" + username + ", roles=" + roles + ", enabled=" + enabled + "]";
  }
}
