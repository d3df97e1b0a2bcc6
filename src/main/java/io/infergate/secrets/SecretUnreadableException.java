package io.infergate.secrets;

/** A sealed value this node cannot open: unknown key id, another key, or a ciphertext, iv or binding changed. */
public final class SecretUnreadableException extends RuntimeException {

  SecretUnreadableException(String message) {
    super(message, null, false, false);
  }
}
