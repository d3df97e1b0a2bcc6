package io.infergate.security;

import java.util.Optional;
import java.util.Set;

/**
 * Elasticsearch's rules for the names of native users and roles, with its messages. Unlike the file
 * realm's names ({@link Validation}), these are never written to a file, so spaces, {@code :} and
 * {@code ,} inside a name are allowed as Elasticsearch allows them; only leading or trailing
 * whitespace and characters outside printable ASCII are not.
 */
public final class NativeNames {

  /** Elasticsearch's longest name in the native realm. */
  public static final int MAX_LENGTH = 1024;

  /** The users of Elasticsearch's reserved realm: the API may change their password only. */
  private static final Set<String> RESERVED_USERS = Set.of("elastic", "kibana", "kibana_system", "logstash_system",
      "beats_system", "apm_system", "remote_monitoring_user");

  private NativeNames() {
  }

  public static boolean isReservedUser(String username) {
    return RESERVED_USERS.contains(username);
  }

  public static Optional<String> userNameError(String name) {
    return isValid(name) ? Optional.empty() : Optional.of(rules("User"));
  }

  public static Optional<String> roleNameError(String name) {
    return isValid(name) ? Optional.empty() : Optional.of(rules("Role"));
  }

  private static boolean isValid(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_LENGTH) {
      return false;
    }
    if (Character.isWhitespace(name.charAt(0)) || Character.isWhitespace(name.charAt(name.length() - 1))) {
      return false;
    }
    return name.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
  }

  private static String rules(String kind) {
    return kind + " names must be at least 1 and no more than " + MAX_LENGTH + " characters. They can contain "
        + "alphanumeric characters (a-z, A-Z, 0-9), spaces, punctuation, and printable symbols in the Basic Latin "
        + "(ASCII) block. Leading or trailing whitespace is not allowed.";
  }
}
