package io.infergate.security;

import java.util.Optional;

/**
 * Elasticsearch's rules for user names, role names and passwords, narrowed to what the file
 * formats can hold: {@code :} separates fields, {@code ,} separates users in users_roles, and
 * whitespace is trimmed by the parsers, so none of them may appear in a name.
 */
final class Validation {

  static final int MAX_NAME_LENGTH = 507;
  static final int MIN_PASSWORD_LENGTH = 6;

  private Validation() {
  }

  static Optional<String> usernameError(String username) {
    return isValidName(username) ? Optional.empty() : Optional.of("Invalid username ["
        + username + "]. " + nameRules());
  }

  static Optional<String> roleNameError(String roleName) {
    return isValidName(roleName) ? Optional.empty() : Optional.of("Invalid role name ["
        + roleName + "]. " + nameRules());
  }

  static Optional<String> passwordError(String password) {
    if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
      return Optional.of("Invalid password: passwords must be at least ["
          + MIN_PASSWORD_LENGTH + "] characters long");
    }
    return Optional.empty();
  }

  static boolean isValidName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x21 || c > 0x7e || c == ':' || c == ',') {
        return false;
      }
    }
    return true;
  }

  private static String nameRules() {
    return "Valid names are 1 to " + MAX_NAME_LENGTH + " characters long and contain letters,"
        + " digits, punctuation and printable symbols of the Basic Latin (ASCII) block,"
        + " except ':' and ','; whitespace is not allowed.";
  }
}
