package io.infergate.inference.providers;

/**
 * A 2xx provider body that is not the documented shape. Its message says what was expected and
 * never quotes the body.
 */
final class UnreadableResponse extends RuntimeException {

  UnreadableResponse(String what) {
    super(what, null, false, false);
  }
}
