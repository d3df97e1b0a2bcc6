package io.infergate.security;

import io.infergate.bus.NativeUser;
import io.infergate.bus.SecurityLookup;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * The {@code default_native} realm: users managed through {@code /_security/user}, read from this
 * node's view of the registry on every request. A password check that had to wait for bcrypt looks
 * at the user again once it is done, so a disable or a password change acknowledged meanwhile is
 * never let through; cached passwords are tied to the hash they were verified against.
 */
final class NativeRealm {

  static final String NAME = "default_native";
  static final String TYPE = "native";

  private final SecurityLookup lookup;
  private final PasswordVerifier passwords;

  NativeRealm(SecurityLookup lookup, PasswordVerifier passwords) {
    this.lookup = lookup;
    this.passwords = passwords;
  }

  /** The enabled native user of this name (throws a 503 {@code EsException} while the node does not serve). */
  Optional<NativeUser> user(String username) {
    return lookup.user(username);
  }

  Future<AuthenticatedUser> authenticate(String username, String password) {
    NativeUser user;
    try {
      user = lookup.user(username).orElse(null);
    } catch (RuntimeException notServing) {
      return Future.failedFuture(notServing);
    }
    if (user == null || !user.enabled() || user.passwordHash() == null) {
      return Future.failedFuture(new AuthenticationFailedException(username));
    }
    String hash = user.passwordHash();
    return passwords.verify(NAME + "/" + username, password, hash).compose(verified -> {
      NativeUser now = lookup.user(username).orElse(null);
      if (!verified || now == null || !now.enabled() || !hash.equals(now.passwordHash())) {
        return Future.failedFuture(new AuthenticationFailedException(username));
      }
      return Future.succeededFuture(new AuthenticatedUser(username, now.roles(), NAME, TYPE, now.fullName(),
          now.email(), now.metadata(), null));
    });
  }
}
