package io.infergate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * An API key as the registry keeps it: never its secret, only {@code hash} (sealed before it enters a
 * map, the store or an event). Times are epoch milliseconds; {@code expiration} and {@code invalidation}
 * are null when the key has none.
 *
 * @param roleDescriptors the descriptors given at creation (role name to descriptor), empty for none:
 *     then the key has its owner's privileges at creation
 * @param limitedBy the owner's roles at creation (role name to descriptor): the key never grants more
 */
public record ApiKey(String id, String name, String hash, long creation, Long expiration, boolean invalidated,
    Long invalidation, String username, String realm, String realmType, JsonObject metadata,
    JsonObject roleDescriptors, JsonObject limitedBy) {

  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(username, "username");
    metadata = metadata == null ? new JsonObject() : metadata.copy();
    roleDescriptors = roleDescriptors == null ? new JsonObject() : roleDescriptors.copy();
    limitedBy = limitedBy == null ? new JsonObject() : limitedBy.copy();
  }

  public ApiKey invalidatedAt(long millis) {
    return new ApiKey(id, name, hash, creation, expiration, true, millis, username, realm, realmType, metadata,
        roleDescriptors, limitedBy);
  }

  public boolean isExpiredAt(long millis) {
    return expiration != null && expiration <= millis;
  }

  /** The key as {@code GET /_security/api_key} shows it: never the hash. */
  public JsonObject toJson(boolean withLimitedBy) {
    JsonObject json = new JsonObject().put("id", id).put("name", name).put("type", "rest")
        .put("creation", creation);
    if (expiration != null) {
      json.put("expiration", expiration);
    }
    json.put("invalidated", invalidated);
    if (invalidation != null) {
      json.put("invalidation", invalidation);
    }
    json.put("username", username).put("realm", realm);
    if (realmType != null) {
      json.put("realm_type", realmType);
    }
    json.put("metadata", metadata.copy()).put("role_descriptors", roleDescriptors.copy());
    if (withLimitedBy) {
      json.put("limited_by", new JsonArray().add(limitedBy.copy()));
    }
    return json;
  }

  @Override
  public String toString() {
    return "ApiKey[" + id + ", name=" + name + ", owner=" + username + ", invalidated=" + invalidated + "]";
  }
}
