package io.infergate.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/** The authenticated user a command is made on behalf of: it travels with every command and event. */
public record Principal(String username, List<String> roles, String realm) {

  public Principal {
    roles = List.copyOf(roles);
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("username", username)
        .put("roles", new JsonArray(roles))
        .put("realm", realm);
  }

  public static Principal fromJson(JsonObject json) {
    JsonArray roles = json.getJsonArray("roles", new JsonArray());
    return new Principal(json.getString("username"), roles.stream().map(String::valueOf).toList(),
        json.getString("realm"));
  }
}
