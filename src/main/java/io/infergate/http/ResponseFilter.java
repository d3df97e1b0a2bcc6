package io.infergate.http;

import io.infergate.bus.EsError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringTokenizer;

/**
 * {@code ?filter_path=}: a comma-separated list of expressions, those starting with {@code -}
 * exclusive, the others inclusive, applied to a response body as Elasticsearch applies them (its
 * {@code AbstractRestChannel} and {@code JsonXContentGenerator}): the inclusive ones, then the
 * exclusive ones on what is left. The top-level object always stays, {@code {}} when nothing matched.
 */
final class ResponseFilter {

  /** Elasticsearch's longest request line by default: no Elasticsearch client sends a longer filter. */
  static final int MAX_LENGTH = 4096;
  /** Bounds the trie, and with it the work per property of a response (a glob per wildcard segment). */
  static final int MAX_SEGMENTS = 256;

  private final PathFilter include;
  private final PathFilter exclude;

  private ResponseFilter(PathFilter include, PathFilter exclude) {
    this.include = include;
    this.exclude = exclude;
  }

  /**
   * The filter of a {@code filter_path} value, or null when it filters nothing (absent, empty,
   * only commas or blanks, or only {@code -}). Fails with a 400 past the bounds above.
   */
  static ResponseFilter parse(String filterPath) {
    if (filterPath == null) {
      return null;
    }
    if (filterPath.length() > MAX_LENGTH) {
      throw HttpFailure.of(EsError.illegalArgument("[filter_path] is " + filterPath.length()
          + " characters long, longer than the limit of [" + MAX_LENGTH + "]"));
    }
    List<String> includes = new ArrayList<>();
    List<String> excludes = new ArrayList<>();
    int segments = 0;
    // Elasticsearch's Strings.tokenizeByCommaToSet: empty tokens skipped, each one trimmed.
    StringTokenizer tokens = new StringTokenizer(filterPath, ",");
    while (tokens.hasMoreTokens()) {
      String token = tokens.nextToken().trim();
      if (token.isEmpty()) {
        continue;
      }
      segments += token.split("\\.", -1).length;
      if (token.charAt(0) == '-') {
        excludes.add(token.substring(1));
      } else {
        includes.add(token);
      }
    }
    if (segments > MAX_SEGMENTS) {
      throw HttpFailure.of(EsError.illegalArgument("[filter_path] has " + segments
          + " path segments, more than the limit of [" + MAX_SEGMENTS + "]"));
    }
    PathFilter include = side(includes, true);
    PathFilter exclude = side(excludes, false);
    return include == null && exclude == null ? null : new ResponseFilter(include, exclude);
  }

  private static PathFilter side(List<String> expressions, boolean inclusive) {
    if (expressions.isEmpty()) {
      return null;
    }
    FilterPath root = FilterPath.compile(expressions);
    // An exclusive trie with nothing in it (the expression "-") excludes nothing.
    return root.isEmpty() && !inclusive ? null : new PathFilter(root, inclusive);
  }

  /** A response object filtered; {@code {}} when nothing is left. */
  JsonObject apply(JsonObject body) {
    Object filtered = apply((Object) body);
    return filtered == PathFilter.NOTHING ? new JsonObject() : new JsonObject(asMap(filtered));
  }

  /**
   * A top-level array filtered, or null when nothing is left: Elasticsearch then writes no body at
   * all, since only a top-level object is always written.
   */
  JsonArray apply(JsonArray body) {
    Object filtered = apply((Object) body);
    return filtered == PathFilter.NOTHING ? null : new JsonArray((List<?>) filtered);
  }

  private Object apply(Object body) {
    Object filtered = include == null ? body : include.apply(body);
    return exclude == null || filtered == PathFilter.NOTHING ? filtered : exclude.apply(filtered);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object object) {
    return object instanceof JsonObject json ? json.getMap() : (Map<String, Object>) object;
  }
}
