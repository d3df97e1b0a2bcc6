package io.infergate.bus;

/** Carries an {@link EsError} through code that fails with exceptions. */
public final class EsException extends RuntimeException {

  private final EsError error;

  public EsException(EsError error) {
    super(error.reason(), null, false, false);
    this.error = error;
  }

  public EsError error() {
    return error;
  }
}
