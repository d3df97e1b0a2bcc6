package io.infergate.examples.mock;

/**
 * A fault asked for by a path prefix, {@code /fault/<kind>/<the real path>}: {@code 401},
 * {@code 429}, {@code 500} (or any other status), {@code slow-<ms>}, {@code drop} (close the
 * connection without answering), {@code garbage} (a 200 that is not the documented shape).
 *
 * @param path the path to serve once the fault is applied
 */
record MockFault(Kind kind, int status, long delayMs, String path) {

  enum Kind { NONE, STATUS, SLOW, DROP, GARBAGE }

  private static final String PREFIX = "/fault/";

  static MockFault parse(String path) {
    if (!path.startsWith(PREFIX)) {
      return new MockFault(Kind.NONE, 0, 0, path);
    }
    int end = path.indexOf('/', PREFIX.length());
    if (end < 0) {
      throw new IllegalArgumentException("a fault needs a path after it: /fault/<kind>/<path>");
    }
    String kind = path.substring(PREFIX.length(), end);
    String rest = path.substring(end);
    if (kind.equals("drop")) {
      return new MockFault(Kind.DROP, 0, 0, rest);
    }
    if (kind.equals("garbage")) {
      return new MockFault(Kind.GARBAGE, 200, 0, rest);
    }
    if (kind.startsWith("slow-")) {
      return new MockFault(Kind.SLOW, 0, Long.parseLong(kind.substring("slow-".length())), rest);
    }
    int status = Integer.parseInt(kind);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a fault status is 4xx or 5xx");
    }
    return new MockFault(Kind.STATUS, status, 0, rest);
  }
}
