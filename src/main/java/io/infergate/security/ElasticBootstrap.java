package io.infergate.security;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;

/**
 * Creates the {@code elastic} superuser on first start, when the users file holds no user. Its
 * password is {@code ELASTIC_PASSWORD} when given, else a generated one that the caller shows
 * once. Blocks; meant for boot, before the security service starts.
 */
public final class ElasticBootstrap {

  public static final String USERNAME = "elastic";
  public static final String ROLE = "superuser";

  private static final Logger LOG = System.getLogger(ElasticBootstrap.class.getName());
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final int GENERATED_LENGTH = 24;

  /**
   * What the bootstrap did.
   *
   * @param created whether this call created the {@code elastic} user
   * @param generatedPassword the password it generated, to print once; empty when the user was
   *     not created or its password came from {@code ELASTIC_PASSWORD}
   */
  public record Result(boolean created, Optional<String> generatedPassword) {
  }

  private final int bcryptCost;
  private final SecureRandom random = new SecureRandom();

  public ElasticBootstrap() {
    this(Bcrypt.DEFAULT_COST);
  }

  ElasticBootstrap(int bcryptCost) {
    this.bcryptCost = bcryptCost;
  }

  /**
   * Creates {@code elastic} with role {@code superuser} unless {@code <confDir>/users} already
   * holds a user. Safe when several nodes start on one conf folder at once: one creates the
   * user, the others see it.
   *
   * @param elasticPassword the value of {@code ELASTIC_PASSWORD}; null or empty to generate one
   * @throws IllegalArgumentException when the user must be created and {@code elasticPassword}
   *     is too short
   */
  public Result ensureElasticUser(Path confDir, String elasticPassword) throws IOException {
    boolean generate = elasticPassword == null || elasticPassword.isEmpty();
    UserFiles files = new UserFiles(confDir);
    return files.locked(() -> {
      if (!files.readUsers(ElasticBootstrap::warn).isEmpty()) {
        return new Result(false, Optional.empty());
      }
      if (!generate) {
        Validation.passwordError(elasticPassword).ifPresent(error -> {
          throw new IllegalArgumentException("ELASTIC_PASSWORD: " + error);
        });
      }
      String password = generate ? generatePassword() : elasticPassword;
      // users_roles first: if the process dies in between, users is still empty and the next
      // start completes the job instead of leaving an elastic user without its role.
      Set<String> roles = files.readUserRoles(ElasticBootstrap::warn)
          .getOrDefault(USERNAME, Set.of());
      if (!roles.contains(ROLE)) {
        files.appendLine(files.usersRolesFile(), ROLE + ":" + USERNAME);
      }
      files.appendLine(files.usersFile(), USERNAME + ":" + Bcrypt.hash(password, bcryptCost));
      return new Result(true, generate ? Optional.of(password) : Optional.empty());
    });
  }

  private String generatePassword() {
    StringBuilder password = new StringBuilder(GENERATED_LENGTH);
    for (int i = 0; i < GENERATED_LENGTH; i++) {
      password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return password.toString();
  }

  private static void warn(String message) {
    LOG.log(Level.WARNING, message);
  }
}
