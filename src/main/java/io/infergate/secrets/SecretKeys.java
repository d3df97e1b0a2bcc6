package io.infergate.secrets;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
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
    if (clusterSecret == null || clusterSecret.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("the cluster secret must have at least " + MIN_SECRET_BYTES + " bytes");
    }
    byte[] empty = new byte[0];
    SecretKey key = new SecretKeySpec(Hkdf.derive(empty, clusterSecret, KEY_INFO, AES_256_BYTES), "AES");
    String id = HexFormat.of().formatHex(Hkdf.derive(empty, clusterSecret, KEY_ID_INFO, KEY_ID_BYTES));
    return new SecretKeys(id, Map.of(id, key));
  }

  /** The id of the key new values are sealed with. */
  public String currentId() {
    return currentId;
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
    return "SecretKeys[current=" + currentId + "]";
  }
}
