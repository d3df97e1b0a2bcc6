package io.infergate.bus;

/** Carries an {@link EsError} through code that fails with exceptions. */
public final class EsException extends RuntimeException {

  private final EsError error;

  public EsException(EsError error) {
    // The trace is kept for the router's ?error_trace, but not on a 401, where Elasticsearch never shows one.
    super(error.reason(), null, false, error.status() != 401);
    this.error = error;
  }

  public EsError error() {
    return error;
  }
}
