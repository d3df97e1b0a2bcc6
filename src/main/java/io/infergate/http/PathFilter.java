package io.infergate.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The inclusive or the exclusive half of a {@code filter_path}, applied to a JSON tree as
 * Elasticsearch's {@code FilterPathBasedFilter} filters the token stream it writes: a property that
 * ends an expression is kept whole (inclusive) or dropped whole (exclusive); one that ends none is
 * dropped (inclusive) or kept whole (exclusive); one that may lead to a match is filtered further.
 * Arrays are transparent: their elements are filtered as the array's own value. Containers left
 * empty are dropped, except that an exclusive filter keeps those that were empty to begin with.
 */
final class PathFilter {

  /** What {@link #apply} returns when nothing of the value is left. */
  static final Object NOTHING = new Object();

  private final boolean inclusive;
  private final Set<FilterPath> root;

  PathFilter(FilterPath root, boolean inclusive) {
    this.inclusive = inclusive;
    this.root = Set.of(root);
  }

  /** The value filtered, or {@link #NOTHING}. Kept subtrees are shared with {@code value}, not copied. */
  Object apply(Object value) {
    return filter(value, root);
  }

  private Object filter(Object value, Set<FilterPath> nodes) {
    if (value instanceof JsonObject object) {
      return filterObject(object.getMap(), nodes);
    }
    if (value instanceof Map<?, ?> map) {
      return filterObject(map, nodes);
    }
    if (value instanceof JsonArray array) {
      return filterArray(array.getList(), nodes);
    }
    if (value instanceof List<?> list) {
      return filterArray(list, nodes);
    }
    // A scalar reached without a verdict on its name: an exclusive filter has not excluded it.
    return inclusive ? NOTHING : value;
  }

  private Object filterObject(Map<?, ?> object, Set<FilterPath> nodes) {
    Map<String, Object> kept = new LinkedHashMap<>();
    for (Map.Entry<?, ?> property : object.entrySet()) {
      String name = String.valueOf(property.getKey());
      Set<FilterPath> next = new LinkedHashSet<>();
      boolean matched = matches(name, nodes, next);
      Object value;
      if (matched || next.isEmpty()) {
        if (matched != inclusive) {
          continue;
        }
        value = property.getValue();
      } else {
        value = filter(property.getValue(), next);
      }
      if (value != NOTHING) {
        kept.put(name, value);
      }
    }
    return kept.isEmpty() && (inclusive || !object.isEmpty()) ? NOTHING : kept;
  }

  private Object filterArray(Collection<?> array, Set<FilterPath> nodes) {
    List<Object> kept = new ArrayList<>();
    for (Object element : array) {
      Object value = filter(element, nodes);
      if (value != NOTHING) {
        kept.add(value);
      }
    }
    return kept.isEmpty() && (inclusive || !array.isEmpty()) ? NOTHING : kept;
  }

  /**
   * True when the name ends an expression of any of the nodes; otherwise {@code next} holds the
   * nodes to go on with. A set, so that {@code **} nodes met along several paths count once and the
   * work per property stays bounded by the size of the trie.
   */
  private static boolean matches(String name, Set<FilterPath> nodes, Set<FilterPath> next) {
    for (FilterPath node : nodes) {
      if (node.matches(name, next)) {
        return true;
      }
    }
    return false;
  }
}
