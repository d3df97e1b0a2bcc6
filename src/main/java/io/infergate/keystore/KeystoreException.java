package io.infergate.keystore;

/** A keystore that cannot be read or written, with a message meant for the operator as it is. */
public final class KeystoreException extends RuntimeException {

  public KeystoreException(String message) {
    super(message);
  }

  public KeystoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
