package io.infergate.keystore;

/** A keystore that cannot be read or written, with a message meant for the operator as it is. */
public final class KeystoreException extends RuntimeException {

  private final boolean wrongPassword;

  public KeystoreException(String message) {
    this(message, null, false);
  }

  public KeystoreException(String message, Throwable cause) {
    this(message, cause, false);
  }

  private KeystoreException(String message, Throwable cause, boolean wrongPassword) {
    super(message, cause);
    this.wrongPassword = wrongPassword;
  }

  /** The tag check failed: the password is wrong, or the file was altered; the two cannot be told apart. */
  static KeystoreException wrongPasswordOrAltered(String where) {
    return new KeystoreException("the keystore [" + where
        + "] cannot be opened: the password is wrong or the file was altered", null, true);
  }

  public boolean wrongPasswordOrAltered() {
    return wrongPassword;
  }

  /** The same failure with a hint on what to do appended. */
  KeystoreException withHint(String hint) {
    return new KeystoreException(getMessage() + "; " + hint, getCause(), wrongPassword);
  }
}
