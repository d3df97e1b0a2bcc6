package io.infergate.http;

import io.infergate.bus.ApiKey;
import io.infergate.security.AuthenticatedUser;
import java.util.List;

/**
 * The keys a {@code GET} or {@code DELETE /_security/api_key} names: by ids, by name ({@code *} a
 * wildcard, {@code *} alone every name), by owner's user name and realm, or the caller's own
 * ({@code owner}). Null fields do not filter.
 */
record ApiKeySelection(List<String> ids, String name, String username, String realmName, boolean owner) {

  /** Who owns the keys a caller makes: the user, and for an API key its owner in the owner's realm. */
  record Owner(String username, String realm) {

    static Owner of(AuthenticatedUser user) {
      return new Owner(user.username(), user.isApiKey() ? user.apiKey().ownerRealm() : user.realmName());
    }

    boolean owns(ApiKey key) {
      return username.equals(key.username()) && realm.equals(key.realm());
    }
  }

  /** True when only the caller's own keys can match: what {@code manage_own_api_key} requires. */
  boolean isOwnedBy(Owner caller) {
    return owner || (caller.username().equals(username) && caller.realm().equals(realmName));
  }

  boolean matches(ApiKey key, Owner caller) {
    return (ids == null || ids.contains(key.id()))
        && (name == null || name.equals("*") || new Glob(name).matches(key.name() == null ? "" : key.name()))
        && (username == null || username.equals(key.username()))
        && (realmName == null || realmName.equals(key.realm()))
        && (!owner || caller.owns(key));
  }
}
