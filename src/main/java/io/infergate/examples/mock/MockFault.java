package io.infergate.examples.mock;

/**
 * A fault asked for by a path prefix, {@code /fault/<kind>/<the real path>}: {@code 401},
 * {@code 429}, {@code 500} (or any other status), {@code slow-<ms>}, {@code drop} (close the
 * connection without answering), {@code garbage} (a 200 that is not the documented shape),
 * {@code cut} (a 200 chat stream closed after its first chunk, without {@code [DONE]}). A kind
 * ending in {@code x<N>} ({@code 429x2}, {@code dropx1}) applies to the first N requests to that
 * exact path only, counted since the stats were last reset; the later ones are answered normally,
 * as a provider that recovers.
 *
 * @param times how many requests the fault applies to, 0 for all
 * @param path  the path to serve once the fault is applied
 */
record MockFault(Kind kind, int status, long delayMs, int times, String path) {

  enum Kind { NONE, STATUS, SLOW, DROP, GARBAGE, CUT }

  private static final String PREFIX = "/fault/";

  static MockFault parse(String path) {
    if (!path.startsWith(PREFIX)) {
      return none(path);
    }
    int end = path.indexOf('/', PREFIX.length());
    if (end < 0) {
      throw new IllegalArgumentException("a fault needs a path after it: /fault/<kind>/<path>");
    }
    String kind = path.substring(PREFIX.length(), end);
    String rest = path.substring(end);
    int times = 0;
    int limit = kind.lastIndexOf('x');
    if (limit > 0 && limit < kind.length() - 1 && kind.substring(limit + 1).chars().allMatch(Character::isDigit)) {
      times = Integer.parseInt(kind.substring(limit + 1));
      kind = kind.substring(0, limit);
      if (times <= 0) {
        throw new IllegalArgumentException("a fault's x<N> needs N of at least 1");
      }
    }
    if (kind.equals("drop")) {
      return new MockFault(Kind.DROP, 0, 0, times, rest);
    }
    if (kind.equals("cut")) {
      return new MockFault(Kind.CUT, 200, 0, times, rest);
    }
    if (kind.equals("garbage")) {
      return new MockFault(Kind.GARBAGE, 200, 0, times, rest);
    }
    if (kind.startsWith("slow-")) {
      return new MockFault(Kind.SLOW, 0, Long.parseLong(kind.substring("slow-".length())), times, rest);
    }
    int status = Integer.parseInt(kind);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a fault status is 4xx or 5xx");
    }
    return new MockFault(Kind.STATUS, status, 0, times, rest);
  }

  /** No fault: {@code path} answered as it is. */
  static MockFault none(String path) {
    return new MockFault(Kind.NONE, 0, 0, 0, path);
  }

  /** Whether the fault applies to the {@code nth} request (from 1) to its path. */
  boolean appliesTo(long nth) {
    return kind != Kind.NONE && (times == 0 || nth <= times);
  }
}
