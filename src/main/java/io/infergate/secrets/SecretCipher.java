package io.infergate.secrets;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM with a fresh random 12-byte IV per value. The associated data binds each ciphertext
 * to where it belongs (a document and a setting), so one moved elsewhere fails to open.
 */
public final class SecretCipher {

  private static final String TRANSFORMATION = "AES/GCM/NoPadding";
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private volatile SecretKeys keys;
  private final SecureRandom random = new SecureRandom();

  public SecretCipher(SecretKeys keys) {
    this.keys = keys;
  }

  public SecretKeys keys() {
    return keys;
  }

  /** Seals with {@code next} from now on (the keystore was reloaded); values already sealed keep their key id. */
  public void replaceKeys(SecretKeys next) {
    keys = next;
  }

  public SealedValue seal(byte[] plaintext, byte[] associatedData) {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    SecretKeys sealing = keys;
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, sealing.current(), iv, associatedData);
      return new SealedValue(sealing.currentId(), iv, cipher.doFinal(plaintext));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    }
  }

  /** The plaintext of {@code sealed}; refused unless the key, IV, ciphertext and associated data all match. */
  public byte[] open(SealedValue sealed, byte[] associatedData) {
    SecretKeys opening = keys;
    SecretKey key = opening.byId(sealed.keyId()).orElseThrow(() -> new SecretUnreadableException(
        "sealed with key id [" + sealed.keyId() + "], which this node does not have (its key is ["
            + opening.currentId() + "])"));
    if (sealed.iv().length != IV_BYTES) {
      throw new SecretUnreadableException("the iv has " + sealed.iv().length + " bytes, not " + IV_BYTES);
    }
    try {
      return cipher(Cipher.DECRYPT_MODE, key, sealed.iv(), associatedData).doFinal(sealed.data());
    } catch (AEADBadTagException e) {
      throw new SecretUnreadableException("authentication failed: another key, or a changed value or binding");
    } catch (GeneralSecurityException e) {
      throw new SecretUnreadableException("cannot decrypt: " + e.getClass().getSimpleName());
    }
  }

  /**
   * One Cipher per thread: looking the transformation up costs more than the encryption of a short
   * value, and every write seals and every view opens. Each use initialises it with its own IV.
   */
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance(TRANSFORMATION);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  });

  private static Cipher cipher(int mode, SecretKey key, byte[] iv, byte[] associatedData)
      throws GeneralSecurityException {
    Cipher cipher = CIPHERS.get();
    cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
    cipher.updateAAD(associatedData);
    return cipher;
  }
}
