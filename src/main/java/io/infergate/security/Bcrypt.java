package io.infergate.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.util.regex.Pattern;

/** Blocking bcrypt hashing and verification in the formats the Elasticsearch file realm uses. */
final class Bcrypt {

  static final int DEFAULT_COST = 10;

  private static final Pattern HASH =
      Pattern.compile("\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}");

  // Elasticsearch (jBCrypt) silently truncates passwords beyond 72 bytes; doing the same keeps
  // hashes made by either side interchangeable instead of failing on long passwords.
  private static final BCrypt.Hasher HASHER = BCrypt.with(BCrypt.Version.VERSION_2A,
      LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));
  private static final BCrypt.Verifyer VERIFYER = BCrypt.verifyer(BCrypt.Version.VERSION_2A,
      LongPasswordStrategies.truncate(BCrypt.Version.VERSION_2A));

  private Bcrypt() {
  }

  static boolean isBcryptHash(String hash) {
    return HASH.matcher(hash).matches();
  }

  static String hash(String password, int cost) {
    return HASHER.hashToString(cost, password.toCharArray());
  }

  static boolean verify(String password, String hash) {
    return VERIFYER.verify(password.toCharArray(), hash).verified;
  }
}
