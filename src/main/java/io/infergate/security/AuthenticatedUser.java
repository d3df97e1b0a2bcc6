package io.infergate.security;

import java.util.List;
import java.util.Objects;

/** A user whose credentials were verified, with the role names assigned to it (sorted). */
public record AuthenticatedUser(String username, List<String> roles, String realmName,
    String realmType) {

  public AuthenticatedUser {
    Objects.requireNonNull(username, "username");
    roles = roles.stream().distinct().sorted().toList();
    Objects.requireNonNull(realmName, "realmName");
    Objects.requireNonNull(realmType, "realmType");
  }
}
