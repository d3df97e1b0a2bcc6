package io.infergate.http;

import io.infergate.bus.EsError;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Validates and reads query parameters as Elasticsearch's REST layer does. */
final class QueryParameters {

  /** Accepted on every route. */
  static final Set<String> COMMON = Set.of("pretty", "human", "error_trace", "filter_path");

  private QueryParameters() {
  }

  /** Fails with Elasticsearch's 400 when the request has a parameter outside {@code allowed} and the common ones. */
  static void requireKnown(RoutingContext ctx, Set<String> allowed) {
    TreeSet<String> unknown = new TreeSet<>(ctx.queryParams().names());
    unknown.removeAll(COMMON);
    unknown.removeAll(allowed);
    if (unknown.isEmpty()) {
      return;
    }
    String names = unknown.stream().map(name -> "[" + name + "]").collect(Collectors.joining(", "));
    String noun = unknown.size() == 1 ? "parameter" : "parameters";
    throw HttpFailure.of(EsError.illegalArgument(
        "request [" + ctx.request().path() + "] contains unrecognized " + noun + ": " + names));
  }

  /** A boolean parameter: absent is {@code false}, present without a value is {@code true}. */
  static boolean bool(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    if (value == null) {
      return false;
    }
    if (value.isEmpty() || value.equals("true")) {
      return true;
    }
    if (value.equals("false")) {
      return false;
    }
    throw HttpFailure.of(EsError.illegalArgument(
        "Failed to parse value [" + value + "] as only [true] or [false] are allowed."));
  }
}
