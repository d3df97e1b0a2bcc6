package io.infergate.http;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One node of the trie that {@code filter_path} expressions compile to, matched as Elasticsearch's
 * {@code FilterPath} matches them: segments split on {@code .} (a dot escaped as {@code \.} belongs to
 * the name), {@code *} within a segment, {@code **} for one or more whole segments, and a shorter
 * expression winning over a longer one it is a prefix of.
 */
final class FilterPath {

  private static final String DOUBLE_WILDCARD = "**";

  private final Map<String, FilterPath> terms;
  private final List<FilterPath> wildcards;
  private final Glob glob;
  private final boolean doubleWildcard;
  private final boolean last;

  private FilterPath(String pattern, boolean last, Map<String, FilterPath> terms, List<FilterPath> wildcards) {
    this.glob = new Glob(pattern);
    this.last = last;
    this.terms = terms;
    this.wildcards = wildcards;
    this.doubleWildcard = pattern.equals(DOUBLE_WILDCARD);
  }

  /** The root of the trie of these expressions (trimmed; blank ones ignored). */
  static FilterPath compile(Collection<String> expressions) {
    Builder root = new Builder(false);
    for (String expression : expressions) {
      String trimmed = expression.trim();
      if (!trimmed.isEmpty()) {
        root.insert(trimmed);
      }
    }
    return root.build("");
  }

  /** True when no expression was compiled into this trie. */
  boolean isEmpty() {
    return terms.isEmpty() && wildcards.isEmpty();
  }

  /**
   * True when {@code name}, a property under this node, ends an expression; otherwise adds to
   * {@code next} the nodes its children must be matched against.
   */
  boolean matches(String name, Set<FilterPath> next) {
    FilterPath term = terms.get(name);
    if (term != null) {
      if (term.last) {
        return true;
      }
      next.add(term);
    }
    for (FilterPath wildcard : wildcards) {
      if (wildcard.glob.matches(name)) {
        if (wildcard.last) {
          return true;
        }
        next.add(wildcard);
      }
    }
    if (doubleWildcard) {
      next.add(this);
    }
    return false;
  }

  /** The trie while it is being built: a segment's children by their (unescaped) name. */
  private static final class Builder {

    private final Map<String, Builder> children = new HashMap<>();
    private final boolean last;

    Builder(boolean last) {
      this.last = last;
    }

    void insert(String expression) {
      int split = -1;
      boolean escaped = false;
      for (int i = 0; i < expression.length(); i++) {
        char c = expression.charAt(i);
        if (c == '.') {
          split = i;
          break;
        }
        if (c == '\\' && i + 1 < expression.length() && expression.charAt(i + 1) == '.') {
          i++;
          escaped = true;
        }
      }
      // As Elasticsearch: a dot in first place does not split, and a segment already ending an
      // expression keeps ending it whatever longer expression comes after.
      if (split > 0) {
        String segment = unescape(expression.substring(0, split), escaped);
        Builder child = children.computeIfAbsent(segment, name -> new Builder(false));
        if (!child.last) {
          child.insert(expression.substring(split + 1));
        }
      } else {
        children.put(unescape(expression, escaped), new Builder(true));
      }
    }

    /** Elasticsearch replaces a backslash and whatever character follows it by a dot once any {@code \.} occurs. */
    private static String unescape(String segment, boolean escaped) {
      return escaped ? segment.replaceAll("\\\\.", ".") : segment;
    }

    FilterPath build(String pattern) {
      Map<String, FilterPath> terms = new HashMap<>();
      List<FilterPath> wildcards = new ArrayList<>();
      children.forEach((name, child) -> {
        FilterPath built = child.build(name);
        if (name.indexOf('*') >= 0) {
          wildcards.add(built);
        } else {
          terms.put(name, built);
        }
      });
      return new FilterPath(pattern, last, Map.copyOf(terms), List.copyOf(wildcards));
    }
  }
}
