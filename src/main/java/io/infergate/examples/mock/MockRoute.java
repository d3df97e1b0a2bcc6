package io.infergate.examples.mock;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** One path the mock serves: the provider dialect its errors speak, and how it answers a valid request. */
record MockRoute(MockDialect dialect, Answer answer) {

  @FunctionalInterface
  interface Answer {
    /** Answers {@code body}; throws {@link IllegalArgumentException} for a request the provider would refuse (400). */
    void answer(RoutingContext ctx, JsonObject body);
  }
}
