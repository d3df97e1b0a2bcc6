package io.infergate.secrets;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869): extract a pseudorandom key from the input, then expand it for one use. */
public final class Hkdf {

  private static final String HMAC = "HmacSHA256";
  private static final int HASH_LENGTH = 32;

  private Hkdf() {
  }

  /** {@code length} bytes of key material for {@code info}; an empty salt means HashLen zeros, as the RFC says. */
  public static byte[] derive(byte[] salt, byte[] inputKeyMaterial, byte[] info, int length) {
    return expand(extract(salt, inputKeyMaterial), info, length);
  }

  static byte[] extract(byte[] salt, byte[] inputKeyMaterial) {
    return hmac(salt.length == 0 ? new byte[HASH_LENGTH] : salt).doFinal(inputKeyMaterial);
  }

  static byte[] expand(byte[] pseudorandomKey, byte[] info, int length) {
    if (length <= 0 || length > 255 * HASH_LENGTH) {
      throw new IllegalArgumentException("HKDF output length must be 1.." + 255 * HASH_LENGTH + ", not " + length);
    }
    Mac mac = hmac(pseudorandomKey);
    ByteArrayOutputStream output = new ByteArrayOutputStream(length);
    byte[] block = new byte[0];
    for (int counter = 1; output.size() < length; counter++) {
      mac.update(block);
      mac.update(info);
      mac.update((byte) counter);
      block = mac.doFinal();
      output.write(block, 0, Math.min(block.length, length - output.size()));
    }
    return output.toByteArray();
  }

  private static Mac hmac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no " + HMAC, e);
    }
  }
}
