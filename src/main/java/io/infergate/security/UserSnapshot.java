package io.infergate.security;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** An immutable view of the {@code users} and {@code users_roles} files at one moment. */
record UserSnapshot(Map<String, String> hashesByUser, Map<String, List<String>> rolesByUser) {

  static final UserSnapshot EMPTY = new UserSnapshot(Map.of(), Map.of());

  UserSnapshot {
    hashesByUser = Map.copyOf(hashesByUser);
    rolesByUser = Map.copyOf(rolesByUser);
  }

  static UserSnapshot of(Map<String, String> hashesByUser,
      Map<String, ? extends Set<String>> rolesByUser) {
    return new UserSnapshot(hashesByUser, rolesByUser.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue()))));
  }

  /**
   * A hash to check the password of an unknown user name against, so that a wrong user name takes
   * as long as a wrong password (no user enumeration by timing): one of the file's own hashes, of
   * the cost the file uses. Null when there are no users.
   */
  String decoyHash() {
    return hashesByUser.isEmpty() ? null : hashesByUser.values().iterator().next();
  }

  String passwordHash(String username) {
    return hashesByUser.get(username);
  }

  List<String> roles(String username) {
    return rolesByUser.getOrDefault(username, List.of());
  }

  /** Users of this snapshot whose password hash differs in {@code newer} or who are gone. */
  Set<String> usersWithChangedPassword(UserSnapshot newer) {
    Set<String> changed = new HashSet<>();
    hashesByUser.forEach((user, hash) -> {
      if (!Objects.equals(hash, newer.passwordHash(user))) {
        changed.add(user);
      }
    });
    return changed;
  }
}
