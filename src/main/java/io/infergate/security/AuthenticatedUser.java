package io.infergate.security;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * A user whose credentials were verified, with the role names assigned to it (sorted). A request
 * authenticated with an API key is its owner's, with {@code apiKey} set: the key's privileges, not
 * the roles, decide what it may do.
 */
public record AuthenticatedUser(String username, List<String> roles, String realmName, String realmType,
    String fullName, String email, JsonObject metadata, ApiKeyGrant apiKey) {

  public AuthenticatedUser {
    Objects.requireNonNull(username, "username");
    roles = roles.stream().distinct().sorted().toList();
    Objects.requireNonNull(realmName, "realmName");
    Objects.requireNonNull(realmType, "realmType");
    metadata = metadata == null ? new JsonObject() : metadata.copy();
  }

  /** A user of a realm with nothing but its name and roles (the file realm's). */
  public AuthenticatedUser(String username, List<String> roles, String realmName, String realmType) {
    this(username, roles, realmName, realmType, null, null, null, null);
  }

  public boolean isApiKey() {
    return apiKey != null;
  }

  /** Elasticsearch's {@code authentication_type}: {@code realm} or {@code api_key}. */
  public String authenticationType() {
    return apiKey == null ? "realm" : "api_key";
  }

  @Override
  public JsonObject metadata() {
    return metadata.copy();
  }
}
