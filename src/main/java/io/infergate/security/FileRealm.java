package io.infergate.security;

import io.vertx.core.Future;

/**
 * The {@code default_file} realm: checks a user name and password against the current
 * {@link UserSnapshot} of the {@code users} and {@code users_roles} files.
 */
final class FileRealm {

  static final String NAME = "default_file";
  static final String TYPE = "file";

  private final PasswordVerifier passwords;
  private volatile UserSnapshot users = UserSnapshot.EMPTY;

  FileRealm(PasswordVerifier passwords) {
    this.passwords = passwords;
  }

  /** Switches to new file contents and forgets cached passwords that no longer apply. */
  void replaceUsers(UserSnapshot newer) {
    UserSnapshot older = users;
    users = newer;
    passwords.forget(older.usersWithChangedPassword(newer).stream().map(FileRealm::cacheKey).toList());
  }

  boolean knows(String username) {
    return username != null && users.passwordHash(username) != null;
  }

  /** A hash to spend the same work on when no realm knows the user. */
  String decoyHash() {
    return users.decoyHash();
  }

  /** The user, or a failed {@link AuthenticationFailedException} for an unknown user or a wrong password. */
  Future<AuthenticatedUser> authenticate(String username, String password) {
    String hash = users.passwordHash(username);
    if (hash == null) {
      return Future.failedFuture(new AuthenticationFailedException(username));
    }
    return passwords.verify(cacheKey(username), password, hash).compose(verified -> verified
        ? Future.succeededFuture(new AuthenticatedUser(username, users.roles(username), NAME, TYPE))
        : Future.failedFuture(new AuthenticationFailedException(username)));
  }

  private static String cacheKey(String username) {
    return NAME + "/" + username;
  }
}
