package io.infergate.keystore;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Version 1 of the keystore's container: AES-256-GCM of the entries under a key derived from the
 * password with PBKDF2-HMAC-SHA512. The header (version, KDF, iterations) is authenticated data,
 * so changing any byte of the file, or the password, makes the tag check fail.
 */
final class KeystoreCipher {

  static final int VERSION = 1;
  static final String KDF = "PBKDF2WithHmacSHA512";
  /** OWASP's 2023 figure for PBKDF2-HMAC-SHA512. */
  static final int ITERATIONS = 210_000;
  private static final int SALT_BYTES = 16;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private KeystoreCipher() {
  }

  static JsonObject seal(byte[] plaintext, char[] password) {
    byte[] salt = random(SALT_BYTES);
    byte[] iv = random(IV_BYTES);
    JsonObject container = new JsonObject().put("version", VERSION).put("kdf", KDF).put("iterations", ITERATIONS);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, password, salt, ITERATIONS, iv);
      cipher.updateAAD(header(container));
      byte[] ciphertext = cipher.doFinal(plaintext);
      Base64.Encoder base64 = Base64.getEncoder();
      return container.put("salt", base64.encodeToString(salt)).put("iv", base64.encodeToString(iv))
          .put("ciphertext", base64.encodeToString(ciphertext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM and " + KDF + " are in every JDK", e);
    }
  }

  /** The plaintext; a {@link KeystoreException} for a wrong password, an altered file or an unknown format. */
  static byte[] open(JsonObject container, char[] password, String where) {
    Object version = container.getValue("version");
    if (!Integer.valueOf(VERSION).equals(version) || !KDF.equals(container.getValue("kdf"))) {
      throw new KeystoreException("the keystore [" + where + "] has an unknown format (version [" + version
          + "], kdf [" + container.getValue("kdf") + "]); this node reads version " + VERSION);
    }
    try {
      int iterations = container.getInteger("iterations");
      Base64.Decoder base64 = Base64.getDecoder();
      Cipher cipher = cipher(Cipher.DECRYPT_MODE, password, base64.decode(container.getString("salt")),
          iterations, base64.decode(container.getString("iv")));
      cipher.updateAAD(header(container));
      return cipher.doFinal(base64.decode(container.getString("ciphertext")));
    } catch (AEADBadTagException e) {
      throw KeystoreException.wrongPasswordOrAltered(where);
    } catch (ClassCastException | NullPointerException | IllegalArgumentException | GeneralSecurityException e) {
      throw new KeystoreException("the keystore [" + where + "] is damaged: " + e.getMessage());
    }
  }

  private static byte[] header(JsonObject container) {
    return ("infergate.keystore/" + container.getValue("version") + "/" + container.getValue("kdf") + "/"
        + container.getValue("iterations")).getBytes(StandardCharsets.UTF_8);
  }

  private static Cipher cipher(int mode, char[] password, byte[] salt, int iterations, byte[] iv)
      throws GeneralSecurityException {
    if (iterations < 10_000 || iterations > 10_000_000) {
      throw new IllegalArgumentException("iterations out of range: " + iterations);
    }
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
    byte[] key = SecretKeyFactory.getInstance(KDF).generateSecret(spec).getEncoded();
    spec.clearPassword();
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
      return cipher;
    } finally {
      java.util.Arrays.fill(key, (byte) 0);
    }
  }

  static byte[] random(int bytes) {
    byte[] value = new byte[bytes];
    RANDOM.nextBytes(value);
    return value;
  }
}
