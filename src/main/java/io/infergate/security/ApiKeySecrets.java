package io.infergate.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * New API keys and their stored hashes. A key's secret is 16 random bytes (128 bits), so a salted
 * SHA-256 (Elasticsearch's {@code ssha256}, which it also uses for its API key cache) is as strong
 * as a slow hash against guessing, and verifying one costs microseconds: a flood of wrong keys
 * cannot occupy the CPU as a flood of wrong passwords would with bcrypt or PBKDF2.
 */
public final class ApiKeySecrets {

  /** A key just made: the id and the secret go to its creator once; only {@code hash} is stored. */
  public record NewKey(String id, String secret, String hash) {

    /** {@code base64(id:secret)}, the {@code encoded} value of the create response. */
    public String encoded() {
      return Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return "NewKey[" + id + "]";
    }
  }

  private static final String PREFIX = "{SSHA256}";
  private static final int SALT_BYTES = 16;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private ApiKeySecrets() {
  }

  public static NewKey create() {
    // 15 bytes make the 20 characters of Elasticsearch's key ids; 16 the 22 of its secrets.
    String id = URL.encodeToString(randomBytes(15));
    String secret = URL.encodeToString(randomBytes(16));
    return new NewKey(id, secret, hash(secret));
  }

  static String hash(String secret) {
    byte[] salt = randomBytes(SALT_BYTES);
    return PREFIX + Base64.getEncoder().encodeToString(salt) + "$"
        + Base64.getEncoder().encodeToString(digest(salt, secret));
  }

  /** True when {@code secret} is the key's: compared in constant time. */
  static boolean verify(String secret, String hash) {
    if (hash == null || !hash.startsWith(PREFIX)) {
      return false;
    }
    int dollar = hash.indexOf('$', PREFIX.length());
    if (dollar < 0) {
      return false;
    }
    try {
      byte[] salt = Base64.getDecoder().decode(hash.substring(PREFIX.length(), dollar));
      byte[] expected = Base64.getDecoder().decode(hash.substring(dollar + 1));
      return MessageDigest.isEqual(expected, digest(salt, secret));
    } catch (IllegalArgumentException malformed) {
      return false;
    }
  }

  private static byte[] digest(byte[] salt, String secret) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(salt);
      return sha.digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
