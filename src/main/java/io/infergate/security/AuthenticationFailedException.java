package io.infergate.security;

/**
 * The credentials were not accepted: unknown user or wrong password. The message does not say
 * which, so that it can be shown to the client.
 */
public final class AuthenticationFailedException extends RuntimeException {

  private final String username;

  public AuthenticationFailedException(String username) {
    // No stack trace: failed logins are an expected, possibly high-volume outcome.
    super("unable to authenticate user [" + username + "]", null, false, false);
    this.username = username;
  }

  public String username() {
    return username;
  }
}
