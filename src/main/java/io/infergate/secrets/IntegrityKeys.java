package io.infergate.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 keys for one purpose (registry entries, events, member attestation), derived from the
 * cluster secret with HKDF and that purpose as its info, so no two uses share a key. A tag names its
 * key ({@code kid:base64}): values signed under the previous cluster secret still verify while it is
 * a decrypt-only secret (a rotation), and are signed again under the current one.
 */
public final class IntegrityKeys {

  private static final String HMAC = "HmacSHA256";
  private static final int KEY_BYTES = 32;
  private static final int KEY_ID_BYTES = 4;
  private static final char SEPARATOR = ':';

  private final String currentId;
  private final Map<String, SecretKeySpec> byId;
  /** A Mac per key and thread, initialised once: every registry write and event is signed or checked. */
  private final Map<String, ThreadLocal<Mac>> macs = new LinkedHashMap<>();

  private IntegrityKeys(String currentId, Map<String, SecretKeySpec> byId) {
    this.currentId = currentId;
    this.byId = Map.copyOf(byId);
    this.byId.forEach((id, key) -> macs.put(id, ThreadLocal.withInitial(() -> newMac(key))));
  }

  /**
   * The keys for {@code purpose} of a node whose cluster secret is {@code clusterSecret}; those of
   * {@code verifyOnly} (earlier secrets during a rotation) verify tags but never sign.
   */
  public static IntegrityKeys forPurpose(String purpose, byte[] clusterSecret, List<byte[]> verifyOnly) {
    Map<String, SecretKeySpec> byId = new LinkedHashMap<>();
    for (byte[] secret : verifyOnly) {
      byId.put(keyId(purpose, secret), key(purpose, secret));
    }
    String currentId = keyId(purpose, clusterSecret);
    byId.put(currentId, key(purpose, clusterSecret));
    return new IntegrityKeys(currentId, byId);
  }

  private static SecretKeySpec key(String purpose, byte[] secret) {
    return new SecretKeySpec(Hkdf.derive(new byte[0], requireLongEnough(secret),
        (purpose + " v1").getBytes(StandardCharsets.UTF_8), KEY_BYTES), HMAC);
  }

  private static String keyId(String purpose, byte[] secret) {
    return HexFormat.of().formatHex(Hkdf.derive(new byte[0], requireLongEnough(secret),
        (purpose + " key id v1").getBytes(StandardCharsets.UTF_8), KEY_ID_BYTES));
  }

  private static byte[] requireLongEnough(byte[] secret) {
    if (secret == null || secret.length < SecretKeys.MIN_SECRET_BYTES) {
      throw new IllegalArgumentException("a cluster secret must have at least " + SecretKeys.MIN_SECRET_BYTES
          + " bytes");
    }
    return secret;
  }

  public String currentId() {
    return currentId;
  }

  /** The tag of {@code content} under the current key: {@code kid:base64(HMAC)}. */
  public String sign(String content) {
    return currentId + SEPARATOR + Base64.getEncoder().encodeToString(mac(currentId, content));
  }

  /** Whether {@code tag} is a valid tag of {@code content} under a key this node holds; constant time in the MAC. */
  public boolean verify(String tag, String content) {
    if (tag == null || content == null) {
      return false;
    }
    int separator = tag.indexOf(SEPARATOR);
    if (separator <= 0) {
      return false;
    }
    String keyId = tag.substring(0, separator);
    if (!byId.containsKey(keyId)) {
      return false;
    }
    byte[] claimed;
    try {
      claimed = Base64.getDecoder().decode(tag.substring(separator + 1));
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(claimed, mac(keyId, content));
  }

  /** Whether {@code tag} was made with the current key (a valid tag under an older one is signed again). */
  public boolean isCurrent(String tag) {
    return tag != null && tag.startsWith(currentId + SEPARATOR);
  }

  private byte[] mac(String keyId, String content) {
    return macs.get(keyId).get().doFinal(content.getBytes(StandardCharsets.UTF_8));
  }

  private static Mac newMac(SecretKeySpec key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  /** Never prints a key. */
  @Override
  public String toString() {
    return "IntegrityKeys[current=" + currentId + ", all=" + byId.keySet() + "]";
  }
}
