package io.infergate.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads custom roles from {@code roles.yml} in Elasticsearch format
 * ({@code name: {cluster: [privileges]}}); keys other than {@code cluster} are ignored.
 */
final class RolesFile {

  static final String FILE_NAME = "roles.yml";

  /** The file as a whole cannot be used: unreadable, not YAML, or not a map of roles. */
  static final class InvalidRolesFileException extends Exception {
    InvalidRolesFileException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private RolesFile() {
  }

  /** The custom roles of {@code <confDir>/roles.yml}; none when the file is missing. */
  static Map<String, Role> read(Path confDir, Consumer<String> warnings)
      throws InvalidRolesFileException {
    String yaml;
    try {
      yaml = Files.readString(confDir.resolve(FILE_NAME), StandardCharsets.UTF_8);
    } catch (NoSuchFileException missing) {
      return Map.of();
    } catch (IOException e) {
      throw new InvalidRolesFileException("cannot read [" + FILE_NAME + "]: " + e, e);
    }
    return parse(yaml, warnings);
  }

  /**
   * Parses the file. A role with an unknown privilege, a malformed definition, an invalid name or
   * a built-in name is reported to {@code warnings} and left out; the other roles still load.
   */
  static Map<String, Role> parse(String yaml, Consumer<String> warnings)
      throws InvalidRolesFileException {
    Object root;
    try {
      root = yaml(yaml);
    } catch (YAMLException e) {
      throw new InvalidRolesFileException("cannot parse [" + FILE_NAME + "]: " + e.getMessage(),
          e);
    }
    if (root == null) {
      return Map.of();
    }
    if (!(root instanceof Map<?, ?> definitions)) {
      throw new InvalidRolesFileException("[" + FILE_NAME + "] must map role names to role"
          + " definitions", null);
    }
    Map<String, Role> roles = new LinkedHashMap<>();
    definitions.forEach((key, definition) -> {
      String name = String.valueOf(key);
      roleOf(name, definition, warnings).ifPresent(role -> roles.put(name, role));
    });
    return roles;
  }

  private static Optional<Role> roleOf(String name, Object definition,
      Consumer<String> warnings) {
    if (RoleStore.isBuiltIn(name)) {
      warnings.accept("role [" + name + "] in [" + FILE_NAME + "] is a built-in role and cannot"
          + " be overridden; ignoring it");
      return Optional.empty();
    }
    if (!Validation.isValidName(name)) {
      warnings.accept("invalid role name [" + name + "] in [" + FILE_NAME + "]; skipping role");
      return Optional.empty();
    }
    if (!(definition instanceof Map<?, ?> fields)) {
      warnings.accept("role [" + name + "] in [" + FILE_NAME + "] must be an object; skipping"
          + " role [" + name + "]");
      return Optional.empty();
    }
    Object cluster = fields.get("cluster");
    if (cluster == null) {
      return Optional.of(new Role(name, Set.of()));
    }
    if (!(cluster instanceof List<?> privilegeNames)) {
      warnings.accept("field [cluster] of role [" + name + "] in [" + FILE_NAME + "] must be an"
          + " array of privilege names; skipping role [" + name + "]");
      return Optional.empty();
    }
    Set<ClusterPrivilege> privileges = EnumSet.noneOf(ClusterPrivilege.class);
    for (Object privilegeName : privilegeNames) {
      Optional<ClusterPrivilege> privilege = ClusterPrivilege.named(String.valueOf(privilegeName));
      if (privilege.isEmpty()) {
        warnings.accept("unknown cluster privilege [" + privilegeName + "] in role [" + name
            + "] in [" + FILE_NAME + "]; skipping role [" + name + "]");
        return Optional.empty();
      }
      privileges.add(privilege.get());
    }
    return Optional.of(new Role(name, privileges));
  }

  private static Object yaml(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    return new Yaml(new SafeConstructor(options)).load(text);
  }
}
