package io.infergate.http;

/**
 * A pattern where {@code *} matches any run of characters, the only wildcard, as Elasticsearch's
 * {@code Glob.globMatch}. Matched without backtracking: the literal parts between stars are found
 * leftmost first, which decides a star-only pattern exactly and keeps the work linear in the name.
 */
final class Glob {

  private final String pattern;
  /** The literal text between stars; null when the pattern has no star. */
  private final String[] parts;

  Glob(String pattern) {
    this.pattern = pattern;
    this.parts = pattern.indexOf('*') < 0 ? null : pattern.split("\\*", -1);
  }

  boolean matches(String name) {
    if (parts == null) {
      return pattern.equals(name);
    }
    String first = parts[0];
    String lastPart = parts[parts.length - 1];
    int end = name.length() - lastPart.length();
    if (end < first.length() || !name.startsWith(first) || !name.endsWith(lastPart)) {
      return false;
    }
    int from = first.length();
    for (int i = 1; i < parts.length - 1; i++) {
      String part = parts[i];
      if (part.isEmpty()) {
        continue;
      }
      int found = name.indexOf(part, from);
      if (found < 0 || found + part.length() > end) {
        return false;
      }
      from = found + part.length();
    }
    return true;
  }
}
