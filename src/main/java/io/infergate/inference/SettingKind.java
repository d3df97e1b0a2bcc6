package io.infergate.inference;

import io.vertx.core.json.JsonObject;

/** The JSON type a setting must have. */
enum SettingKind {
  STRING("String") {
    @Override
    boolean accepts(Object value) {
      return value instanceof String;
    }
  },
  POSITIVE_INTEGER("positive Integer") {
    @Override
    boolean accepts(Object value) {
      // JSON numbers beyond an int arrive as Long (or BigInteger): out of range for every such setting.
      return value instanceof Integer number && number > 0;
    }
  },
  /** An Elasticsearch time value such as {@code 45s}; {@link TimeValue} says whether it parses. */
  TIME_VALUE("String") {
    @Override
    boolean accepts(Object value) {
      return value instanceof String;
    }
  },
  BOOLEAN("Boolean") {
    @Override
    boolean accepts(Object value) {
      return value instanceof Boolean;
    }
  },
  OBJECT("Map") {
    @Override
    boolean accepts(Object value) {
      return value instanceof JsonObject;
    }
  };

  private final String displayName;

  SettingKind(String displayName) {
    this.displayName = displayName;
  }

  abstract boolean accepts(Object value);

  String displayName() {
    return displayName;
  }
}
