package io.infergate.secrets;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys that encrypt secret settings, derived from the cluster secret with HKDF-SHA256. Each key
 * has an id, stored beside every ciphertext, so that a later key can be added for rotation while
 * values sealed under the previous one stay readable. The id is derived too (its own HKDF info), so
 * it says nothing about the key itself.
 */
public final class SecretKeys {

  /** Below this a cluster secret is refused: it would be guessable. */
  public static final int MIN_SECRET_BYTES = 16;

  private static final byte[] KEY_INFO = "infergate secret settings v1".getBytes(StandardCharsets.UTF_8);
  private static final byte[] KEY_ID_INFO = "infergate secret settings key id v1".getBytes(StandardCharsets.UTF_8);
  private static final int AES_256_BYTES = 32;
  private static final int KEY_ID_BYTES = 4;

  private final String currentId;
  private final Map<String, SecretKey> byId;

  private SecretKeys(String currentId, Map<String, SecretKey> byId) {
    this.currentId = currentId;
    this.byId = Map.copyOf(byId);
  }

  /** The keys of a node whose cluster secret is {@code clusterSecret}: one, current. */
  public static SecretKeys fromClusterSecret(byte[] clusterSecret) {
    return fromClusterSecrets(clusterSecret, List.of());
  }

  /**
   * The keys of a node whose cluster secret is {@code clusterSecret}, which also opens values sealed
   * under the keys of {@code decryptOnly} (the previous cluster secret while a rotation re-seals
   * every value, or the next one before any node seals with it); it never seals with them.
   */
  public static SecretKeys fromClusterSecrets(byte[] clusterSecret, List<byte[]> decryptOnly) {
    Map<String, SecretKey> byId = new LinkedHashMap<>();
    for (byte[] secret : decryptOnly) {
      byId.put(keyId(secret), key(secret));
    }
    String currentId = keyId(clusterSecret);
    byId.put(currentId, key(clusterSecret));
    return new SecretKeys(currentId, byId);
  }

  private static SecretKey key(byte[] clusterSecret) {
    return new SecretKeySpec(Hkdf.derive(new byte[0], requireLongEnough(clusterSecret), KEY_INFO, AES_256_BYTES),
        "AES");
  }

  private static String keyId(byte[] clusterSecret) {
    return HexFormat.of().formatHex(Hkdf.derive(new byte[0], requireLongEnough(clusterSecret), KEY_ID_INFO,
        KEY_ID_BYTES));
  }

  private static byte[] requireLongEnough(byte[] clusterSecret) {
    if (clusterSecret == null || clusterSecret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("a cluster secret must have at least " + MIN_SECRET_BYTES + " bytes");
    }
    return clusterSecret;
  }

  /** The id of the key new values are sealed with. */
  public String currentId() {
    return currentId;
  }

  /** Whether this node holds the key {@code keyId}, current or decrypt-only. */
  public boolean holds(String keyId) {
    return byId.containsKey(keyId);
  }

  SecretKey current() {
    return byId.get(currentId);
  }

  Optional<SecretKey> byId(String keyId) {
    return Optional.ofNullable(byId.get(keyId));
  }

  /** Never prints a key. */
  @Override
  public String toString() {
    return "SecretKeys[current=" + currentId + ", all=" + byId.keySet() + "]";
  }
}
