package io.infergate.http;

import io.infergate.bus.EsError;
import io.infergate.inference.EndpointIds;
import io.infergate.inference.TaskType;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The resource an {@code _inference} URL names, read from the raw (not normalised) path so that
 * {@code ..} or an encoded {@code /} reach id validation instead of being resolved away. One segment
 * after {@code _inference} is an id; two are a task type then an id; {@code _all} or {@code *} as
 * the id, or no id at all, lists.
 */
record InferencePath(TaskType taskType, String id) {

  static final String PREFIX = "/_inference";

  static boolean matches(String rawPath) {
    return rawPath.equals(PREFIX) || rawPath.startsWith(PREFIX + "/");
  }

  /** True when the path lists endpoints rather than naming one. */
  boolean isList() {
    return id == null || EndpointIds.isListAll(id);
  }

  boolean hasId() {
    return id != null;
  }

  /** The id the path names, once it has passed validation. */
  String validId() {
    return EndpointIds.requireValid(id);
  }

  String taskTypeName() {
    return taskType == null ? null : taskType.wireName();
  }

  /**
   * @return the path, or null when it has more segments than any inference route
   */
  static InferencePath parse(String rawPath) {
    List<String> segments = segments(rawPath.substring(PREFIX.length()));
    return switch (segments.size()) {
      case 0 -> new InferencePath(null, null);
      case 1 -> new InferencePath(null, segments.get(0));
      case 2 -> new InferencePath(TaskType.parse(segments.get(0)), segments.get(1));
      default -> null;
    };
  }

  private static List<String> segments(String rest) {
    List<String> segments = new ArrayList<>();
    String trimmed = rest.startsWith("/") ? rest.substring(1) : rest;
    if (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    if (trimmed.isEmpty()) {
      return segments;
    }
    for (String raw : trimmed.split("/", -1)) {
      segments.add(decode(raw));
    }
    return segments;
  }

  private static String decode(String segment) {
    try {
      // '+' is literal in a path; only %XX escapes are decoded.
      return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException badEscape) {
      throw HttpFailure.of(EsError.illegalArgument("invalid escape sequence in path segment [" + segment + "]"));
    }
  }
}
