package io.infergate.security;

/**
 * Which {@code password_hash} values the native realm takes: bcrypt ({@code $2a$}, {@code $2b$},
 * {@code $2y$}) only, the one algorithm the password verifier checks. A hash in another format would
 * be stored and then never match any password, so it is refused when the user is written.
 */
public final class PasswordHashes {

  private PasswordHashes() {
  }

  public static boolean isSupported(String hash) {
    return hash != null && Bcrypt.isBcryptHash(hash);
  }
}
